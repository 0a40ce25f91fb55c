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

/** Where a spender stands in the current billing cycle, and where the run-rate takes it by the cycle's end. */
export interface Forecast {
  cycleAcus: number;
  /** ACUs per day: the cycle's use so far over the time elapsed. */
  runRatePerDay: number;
  /** At the cycle's end, if the run-rate holds. */
  forecastAcus: number;
  /** The org's ACU limit per cycle; null = none. */
  cap: number | null;
  /** Already at or over the cap. */
  overCap: boolean;
  /** When the run-rate crosses the cap within this cycle (Unix s); null if it does not. */
  passesCapAt: number | null;
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
