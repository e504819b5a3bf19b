// What an analyzer is: plain data with a run function over a Pass (DESIGN.md principle 1).
// It never prints, reads the disk or knows the output format.
import type { AnalyzerSettings } from '../core/config.js';
import type { CompilerFacts } from './escape.js';
import type { Finding, Severity } from '../core/finding.js';
import { homepage } from '../core/version.js';
import type { ModuleInfo } from '../go/env.js';
import type { GoPackage } from '../go/list.js';
import type { SyntaxFile } from '../source/syntax.js';
import type { Arch } from '../types/arch.js';
import type { Program } from '../types/program.js';
import type { PackageScope } from '../types/program.js';
import type { Resolver } from '../types/resolve.js';
import type { AnalysedStruct } from '../types/structs.js';

export interface Analyzer {
  id: string;
  /** One line for `heapwise analyzers`. */
  title: string;
  /** For a Go engineer: the waste, why it costs, the fix. Shared by explain, HTML and SARIF. */
  doc: string;
  url: string;
  severity: Severity;
  /**
   * `bodies`: reads function bodies through pass.syntax (a full parse of the files).
   * `compiler`: reads the compiler's escape decisions (pass.compiler; a build of the module).
   */
  needs?: 'declarations' | 'bodies' | 'compiler';
  run(pass: Pass): void;
}

export type Report = Omit<Finding, 'analyzer' | 'severity'> & { severity?: Severity };

export interface Pass {
  module: ModuleInfo;
  arch: Arch;
  program: Program;
  resolver: Resolver;
  /** The packages the patterns matched. */
  packages: PackageScope[];
  /** Every struct type of those packages, laid out. */
  structs: AnalysedStruct[];
  /** Every package of the module (with its test files), for checks of how a type is used. */
  modulePackages: GoPackage[];
  /** Source text of a file, read once per run. */
  read(file: string): string;
  /** The whole syntax tree of a file of the analysed packages, parsed once per run. */
  syntax(file: string): SyntaxFile | undefined;
  /** Path of a file relative to the module root, as findings want it. */
  relative(file: string): string;
  /** This analyzer's settings from heapwise.json. */
  settings: AnalyzerSettings;
  /** The compiler's escape decisions, when an analyzer needs them and the module compiled. */
  compiler?: CompilerFacts;
  report(finding: Report): void;
}

/** The analyzer's documentation page (docs/analyzers/<id>.md, generated from its doc). */
export function docsUrl(id: string): string {
  return `${homepage}/blob/main/docs/analyzers/${id}.md`;
}
