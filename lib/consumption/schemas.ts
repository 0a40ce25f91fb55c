import type { TimeRange } from './range';

/*
 * The consumption views' data, as the browser receives it. Client-safe.
 */

export const PRODUCTS = ['devin', 'cascade', 'terminal', 'review'] as const;
export type Product = (typeof PRODUCTS)[number];
export const PRODUCT_LABELS: Record<Product, string> = { devin: 'Devin', cascade: 'Cascade', terminal: 'Terminal', review: 'Review' };

export type ByProduct = Record<Product, number>;

/** One Devin day: its start (Unix s), the total and the split by product. */
export interface DailyPoint extends ByProduct {
  date: number;
  acus: number;
}

/**
 * What a cycle projection rests on: the last 7 full days; the previous cycle's daily average (early in a cycle); the
 * cycle's few full days so far (no history before them); or nothing yet.
 */
export type ForecastBasis = 'last-7-days' | 'previous-cycle' | 'cycle-so-far' | 'none';
export type ForecastConfidence = 'high' | 'medium' | 'low' | 'none';

/** Where a spender stands in the current billing cycle, and where the run-rate takes it by the cycle's end. */
export interface Forecast {
  cycleAcus: number;
  /** ACUs per day, from `basis`. */
  runRatePerDay: number;
  /** At the cycle's end, if the run-rate holds. */
  forecastAcus: number;
  /** The org's ACU limit per cycle; null = none. */
  cap: number | null;
  /** Already at or over the cap. */
  overCap: boolean;
  /** When the run-rate crosses the cap within this cycle (Unix s); null if it does not. Alarming only when `confident`. */
  passesCapAt: number | null;
  basis: ForecastBasis;
  /** How many days the rate averages. */
  basisDays: number;
  confidence: ForecastConfidence;
  /** `high` or `medium`: enough history behind the rate to act on the projection. */
  confident: boolean;
}

export interface ConsumptionOverviewDto {
  /** Admins see the enterprise; everyone else the sum of their own orgs. */
  scope: 'enterprise' | 'my-orgs';
  totalAcus: number;
  byProduct: ByProduct;
  daily: DailyPoint[];
  cycle: TimeRange;
  forecast: Forecast;
}

export interface OrgConsumptionRowDto {
  orgId: string;
  name: string;
  /** Null when this org's figures could not be loaded; `error` says why. */
  acus: number | null;
  byProduct: ByProduct | null;
  forecast: Forecast | null;
  error: string | null;
}

export interface BreakdownRowDto {
  kind: 'user' | 'service-user' | 'other';
  /** Devin user or service-user id; null for the `other` row. */
  id: string | null;
  name: string;
  email: string | null;
  acus: number;
  byProduct: ByProduct;
}

export interface OrgBreakdownDto {
  orgId: string;
  /** Org admins and portal admins see everyone; members only themselves. */
  scope: 'everyone' | 'self';
  totalAcus: number;
  rows: BreakdownRowDto[];
}

/** Whether a projection says the cap is reached, or will be passed this cycle and is sure enough to say so out loud. */
export function warnsOfCap(f: Forecast): boolean {
  return f.overCap || (f.confident && f.passesCapAt !== null);
}
