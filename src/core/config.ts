// heapwise.json at the module root: which analyzers run, their severities and thresholds,
// paths to leave out. Mistakes in it are input errors naming the file and position.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { isSeverity, type Severity } from './finding.js';

export interface AnalyzerSettings {
  enabled?: boolean;
  severity?: Severity;
  /** Analyzer-specific, e.g. huge-param's size threshold in bytes. */
  threshold?: number;
}

export interface Config {
  analyzers: Record<string, AnalyzerSettings>;
  /** Globs on paths relative to the module root (`**` crosses directories). */
  exclude: string[];
  strictIgnores: boolean;
}

export const configFile = 'heapwise.json';

export function loadConfig(root: string, knownAnalyzers: string[]): Config {
  const file = path.join(root, configFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { analyzers: {}, exclude: [], strictIgnores: false };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec(String(e))?.[1] ?? jsonErrorAt(text);
    const where = at !== undefined ? `${file}:${lineCol(text, Number(at))}` : file;
    // V8's message quotes the whole text (newlines and all); keep it to one line.
    const token = /Unexpected (token '?[^',\s]+'?|end of JSON input|non-whitespace character)/.exec(String(e))?.[1];
    throw new InputError(`not valid JSON${token ? ` (unexpected ${token.replace(/^token /, '')})` : ''}`, where);
  }
  const where = (key: string) => {
    const i = text.indexOf(`"${key}"`);
    return i >= 0 ? `${file}:${lineCol(text, i)}` : file;
  };
  if (!isObject(raw)) throw new InputError('expected an object', file);
  const config: Config = { analyzers: {}, exclude: [], strictIgnores: false };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'exclude') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new InputError('"exclude" must be a list of path globs', where(key));
      config.exclude = value;
    } else if (key === 'strictIgnores') {
      if (typeof value !== 'boolean') throw new InputError('"strictIgnores" must be true or false', where(key));
      config.strictIgnores = value;
    } else if (key === 'analyzers') {
      if (!isObject(value)) throw new InputError('"analyzers" must map analyzer ids to settings', where(key));
      for (const [id, s] of Object.entries(value)) {
        if (!knownAnalyzers.includes(id)) throw new InputError(`unknown analyzer "${id}"`, where(id));
        config.analyzers[id] = settings(s, () => where(id));
      }
    } else {
      throw new InputError(`unknown setting "${key}" (known: analyzers, exclude, strictIgnores)`, where(key));
    }
  }
  return config;
}

function settings(s: unknown, where: () => string): AnalyzerSettings {
  if (!isObject(s)) throw new InputError('expected an object of settings', where());
  const out: AnalyzerSettings = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'enabled' && typeof v === 'boolean') out.enabled = v;
    else if (k === 'severity' && typeof v === 'string' && isSeverity(v)) out.severity = v;
    else if (k === 'threshold' && typeof v === 'number' && v > 0) out.threshold = v;
    else throw new InputError(`bad setting "${k}": expected enabled (true/false), severity (info, warning, error) or threshold (a positive number)`, where());
  }
  return out;
}

export function excluded(config: Config, file: string): boolean {
  return config.exclude.some((g) => globToRegExp(g).test(file));
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Where JSON text goes wrong, for the messages V8 gives without a position: a small
 * recursive-descent reader that only finds the first offending offset.
 */
export function jsonErrorAt(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += m![0].length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (at) {
    return typeof at === 'number' ? at : undefined;
  }
}

function lineCol(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `${line}:${index - before.lastIndexOf('\n')}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
