/** Capability index bands: ≥ 1.33 capable, 1.00–1.33 marginal, < 1.00 not capable. */
export type CapabilityBand = 'good' | 'marginal' | 'poor' | 'none';

export function capabilityBand(index: number | null | undefined): CapabilityBand {
  if (index == null || !Number.isFinite(index)) return 'none';
  if (index >= 1.33) return 'good';
  if (index >= 1.0) return 'marginal';
  return 'poor';
}

export const BAND_LABEL: Record<CapabilityBand, string> = { good: 'capable', marginal: 'marginal', poor: 'not capable', none: 'no limits' };

/** A number for people: fixed digits, "—" for none. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

/** ISO instant → `2026-03-01 14:05 UTC` (UTC always: the record is in UTC). */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatQuantity(quantity: number | null | undefined, unit: string | null | undefined): string {
  return quantity == null ? '—' : `${quantity}${unit ? ` ${unit}` : ''}`;
}
