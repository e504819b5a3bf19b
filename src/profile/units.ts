// Value formatting as pprof's internal/measurement does it: unit families (bytes, time, GCU),
// auto-scaling to a readable unit, and percentages with at least two significant digits.

interface Unit {
  name: string;
  aliases: string[];
  factor: number;
}

interface UnitType {
  units: Unit[];
  defaultUnit: Unit;
}

const bytesUnit: Unit = { name: 'B', aliases: ['b', 'byte'], factor: 1 };
const unitTypes: UnitType[] = [
  {
    units: [
      bytesUnit,
      { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
      { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
      { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
      { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
      { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
    ],
    defaultUnit: bytesUnit,
  },
  {
    units: [
      { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
      { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
      { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
      { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
      { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
    ],
    defaultUnit: { name: 's', aliases: [], factor: 1e9 },
  },
  {
    units: [
      { name: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9 },
      { name: 'u*GCU', aliases: ['microgcu'], factor: 1e-6 },
      { name: 'm*GCU', aliases: ['milligcu'], factor: 1e-3 },
      { name: 'GCU', aliases: ['gcu'], factor: 1 },
      { name: 'k*GCU', aliases: ['kilogcu'], factor: 1e3 },
      { name: 'M*GCU', aliases: ['megagcu'], factor: 1e6 },
      { name: 'G*GCU', aliases: ['gigagcu'], factor: 1e9 },
      { name: 'T*GCU', aliases: ['teragcu'], factor: 1e12 },
      { name: 'P*GCU', aliases: ['petagcu'], factor: 1e15 },
    ],
    defaultUnit: { name: 'GCU', aliases: [], factor: 1 },
  },
];

function sniff(ut: UnitType, unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (u.length > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return ut.units.find((x) => x.aliases.includes(u));
}

/** True when `unit` names a unit pprof knows (for validating --unit). */
export function isKnownUnit(unit: string): boolean {
  return ['minimum', 'auto', 'count', 'sample', 'unit'].includes(unit) || unitTypes.some((ut) => sniff(ut, unit));
}

/** pprof's measurement.Scale: value in fromUnit -> [value in toUnit, unit label]. */
export function scale(value: number, fromUnit: string, toUnit: string): [number, string] {
  if (value < 0) {
    const [v, u] = scale(-value, fromUnit, toUnit);
    return [-v, u];
  }
  for (const ut of unitTypes) {
    const from = sniff(ut, fromUnit);
    if (!from) continue;
    const v = value * from.factor;
    if (toUnit === 'minimum' || toUnit === 'auto') {
      let f = 0;
      let name = '';
      for (const u of ut.units) {
        if (u.factor >= f && v / u.factor >= 1) {
          f = u.factor;
          name = u.name;
        }
      }
      if (f !== 0) return [v / f, name];
      return [v / ut.defaultUnit.factor, ut.defaultUnit.name];
    }
    const to = sniff(ut, toUnit) ?? ut.defaultUnit;
    return [v / to.factor, to.name];
  }
  return ['count', 'sample', 'unit', 'minimum', 'auto'].includes(toUnit) ? [value, ''] : [value, toUnit];
}

/** pprof's measurement.ScaledLabel: "1.50MB", "12", "0". */
export function scaledLabel(value: number, fromUnit: string, toUnit: string): string {
  const [v, u] = scale(value, fromUnit, toUnit);
  let s = goFixed2(v);
  if (s.endsWith('.00')) s = s.slice(0, -3);
  if (s === '0' || s === '-0') return '0';
  return s + u;
}

/** pprof's measurement.Percentage: " 5.12%", "  100%", "0.042%". */
export function percentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return goFixed2(ratio).padStart(5) + '%';
  return goG2(ratio).padStart(5) + '%';
}

/** Go's %.2f. */
function goFixed2(v: number): string {
  return goFixed(v, 2);
}

/**
 * The exact decimal digits of |v| (doubles are exact binary fractions, so 100 fractional
 * digits are exact for every value a report shows): [integer digits, fraction digits].
 */
function exactDigits(v: number): [string, string] {
  const s = Math.abs(v).toFixed(100);
  const dot = s.indexOf('.');
  return [s.slice(0, dot), s.slice(dot + 1)];
}

/** Rounds a digit string at `keep` digits the way Go's strconv does: to nearest, ties to even. */
function roundDigits(digits: string, keep: number): { digits: string; carry: boolean } {
  const head = digits.slice(0, keep);
  const rest = digits.slice(keep);
  let up = false;
  if (rest.length > 0) {
    if (rest[0]! > '5') up = true;
    else if (rest[0] === '5') {
      up = /[1-9]/.test(rest.slice(1)) || (head.length > 0 && Number(head[head.length - 1]) % 2 === 1);
    }
  }
  if (!up) return { digits: head, carry: false };
  const d = head.split('').map(Number);
  let i = d.length - 1;
  for (; i >= 0; i--) {
    if (d[i] === 9) d[i] = 0;
    else {
      d[i]!++;
      break;
    }
  }
  return { digits: d.join(''), carry: i < 0 };
}

/** Go's %.{frac}f. */
export function goFixed(v: number, frac: number): string {
  const [int, fr] = exactDigits(v);
  const r = roundDigits(int + fr, int.length + frac);
  const digits = r.carry ? '1' + r.digits : r.digits;
  const intLen = digits.length - frac;
  let out = digits.slice(0, intLen).replace(/^0+(?=\d)/, '') || '0';
  if (frac > 0) out += '.' + digits.slice(intLen);
  return (v < 0 ? '-' : '') + out;
}

/** Go's %.2g: two significant digits, trailing zeros removed, exponent form outside [1e-4, 1e2). */
export function goG2(v: number): string {
  if (v === 0) return '0';
  const [int, fr] = exactDigits(v);
  const all = int + fr;
  const first = all.search(/[1-9]/);
  let exp = int.length - 1 - first;
  const r = roundDigits(all.slice(first), 2);
  let digits = r.digits;
  if (r.carry) {
    digits = ('1' + digits).slice(0, 2);
    exp++;
  }
  const sign = v < 0 ? '-' : '';
  if (exp < -4 || exp >= 2) {
    const mant = (digits[0]! + '.' + digits.slice(1)).replace(/\.?0+$/, '');
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // Fixed notation with exactly the significant digits, then trailing zeros dropped.
  let s: string;
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    s = intPart + (digits.length > exp + 1 ? '.' + digits.slice(exp + 1) : '');
  } else {
    s = '0.' + '0'.repeat(-exp - 1) + digits;
  }
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return sign + s;
}

/** The output unit pprof picks for a report ("minimum"): readable for the smallest row, unless that makes the total unreadable. */
export function selectOutputUnit(rows: { flat: number; cum: number }[], total: number, sampleUnit: string): string {
  let minValue = 0;
  for (const r of rows) {
    let m = Math.abs(r.flat);
    if (m === 0) m = Math.abs(r.cum);
    if (m > 0 && (minValue === 0 || m < minValue)) minValue = m;
  }
  const maxValue = total;
  if (minValue === 0) minValue = maxValue;
  const minUnit = scale(minValue, sampleUnit, 'minimum')[1];
  const maxUnit = scale(maxValue, sampleUnit, 'minimum')[1];
  let unit = minUnit;
  if (minUnit !== maxUnit && minValue * 100 < maxValue) unit = scale(100 * minValue, sampleUnit, 'minimum')[1];
  return unit !== '' ? unit : sampleUnit;
}
