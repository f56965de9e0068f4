/**
 * Kubernetes resource quantities (`250m`, `0.5`, `512Mi`, `1.5G`, `129e6`) to numbers and back.
 *
 * Arithmetic is done on the decimal digits with BigInt, not with floats, so `1.1` CPU is exactly
 * 1100 millicores (1.1 * 1000 in floating point is 1100.0000000000002, which would round up to 1101m).
 * Like Kubernetes (`Quantity.MilliValue()` / `Value()`), fractions below the unit round up.
 */

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** Exponents beyond this are nonsense for a resource and would make BigInt powers needlessly big. */
const MAX_EXPONENT = 60;

const BYTES_PER_MIB = 1024 * 1024;

/**
 * `ceil(q × 10^scale)` as an exact integer, or a reason why `q` is not a non-negative quantity.
 * scale 3 gives millis (CPU), scale 0 gives whole units (bytes).
 */
function scaledQuantity(q: unknown, scale: number): bigint | string {
  let text: string;
  if (typeof q === 'number') {
    if (!Number.isFinite(q)) return 'not a finite number';
    text = String(q);
  } else if (typeof q === 'string') {
    text = q.trim();
  } else {
    return `expected a string or a number, got ${q === null ? 'null' : typeof q}`;
  }
  if (text === '') return 'empty';
  const m = QUANTITY.exec(text);
  if (!m) return 'not a Kubernetes quantity';
  const [, sign = '', number = '', suffix = ''] = m;
  const [intPart = '', fracPart = ''] = number.split('.');
  const digits = `${intPart}${fracPart}`.replace(/^0+(?=\d)/, '') || '0';
  if (sign === '-' && /[1-9]/.test(digits)) return 'negative';

  let decExp = scale - fracPart.length;
  let binExp = 0;
  if (suffix in BINARY_SUFFIX) {
    binExp = BINARY_SUFFIX[suffix] as number;
  } else if (suffix in DECIMAL_SUFFIX) {
    decExp += DECIMAL_SUFFIX[suffix] as number;
  } else {
    const exp = Number(suffix.slice(1));
    if (Math.abs(exp) > MAX_EXPONENT) return 'exponent out of range';
    decExp += exp;
  }
  if (digits.length > 40) return 'too many digits';

  const value = BigInt(digits) * (1n << BigInt(binExp));
  if (decExp >= 0) return value * 10n ** BigInt(decExp);
  const divisor = 10n ** BigInt(-decExp);
  return (value + divisor - 1n) / divisor;
}

function describe(q: unknown): string {
  return typeof q === 'string' ? JSON.stringify(q) : String(q);
}

/**
 * CPU quantity to millicores: `"250m"` → 250, `"0.5"` → 500, `1` → 1000, `"1.5"` → 1500.
 * Sub-millicore fractions round up to the next millicore, as Kubernetes does.
 * @throws Error naming the value when it is not a non-negative Kubernetes quantity.
 */
export function parseCpuQuantity(q: string | number): number {
  const r = scaledQuantity(q, 3);
  if (typeof r === 'string') {
    throw new Error(`invalid CPU quantity ${describe(q)} (${r}): expected cores or millicores such as 250m, 0.5 or 2`);
  }
  return Number(r);
}

/**
 * Memory quantity to MiB (may be fractional): `"512Mi"` → 512, `"1Gi"` → 1024, `"1G"` → 953.67…,
 * `"129e6"` → 123.02…, `1048576` (plain bytes) → 1. Fractional bytes round up to a whole byte.
 * @throws Error naming the value when it is not a non-negative Kubernetes quantity.
 */
export function parseMemoryQuantity(q: string | number): number {
  const r = scaledQuantity(q, 0);
  if (typeof r === 'string') {
    throw new Error(
      `invalid memory quantity ${describe(q)} (${r}): expected bytes with an optional suffix such as 512Mi, 1Gi, 1.5G or 536870912`,
    );
  }
  return Number(r) / BYTES_PER_MIB;
}

/**
 * Any storage-like quantity (e.g. `ephemeral-storage`) to GiB, may be fractional.
 * @throws Error naming the value when it is not a non-negative Kubernetes quantity.
 */
export function parseStorageQuantityGiB(q: string | number): number {
  const r = scaledQuantity(q, 0);
  if (typeof r === 'string') {
    throw new Error(
      `invalid storage quantity ${describe(q)} (${r}): expected bytes with an optional suffix such as 20Gi or 50G`,
    );
  }
  return Number(r) / (BYTES_PER_MIB * 1024);
}

/** Millicores to the shortest Kubernetes quantity: 250 → `"250m"`, 1000 → `"1"`, 1500 → `"1500m"`. */
export function formatCpu(millis: number): string {
  if (!Number.isFinite(millis) || millis < 0) throw new Error(`cannot format CPU millicores ${String(millis)}`);
  const m = Math.ceil(millis);
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** MiB to a Kubernetes quantity: 512 → `"512Mi"`, 2048 → `"2Gi"`, 0.5 → `"512Ki"`, 0 → `"0"`. */
export function formatMemory(mib: number): string {
  if (!Number.isFinite(mib) || mib < 0) throw new Error(`cannot format memory MiB ${String(mib)}`);
  if (mib === 0) return '0';
  if (Number.isInteger(mib)) return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
  const bytes = Math.ceil(mib * BYTES_PER_MIB);
  return bytes % 1024 === 0 ? `${bytes / 1024}Ki` : String(bytes);
}
