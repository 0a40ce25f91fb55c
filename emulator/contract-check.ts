import { devinContract } from '../contract';

/*
 * Strict contract mode: every answer the emulator gives on a documented route is
 * checked against the vendored published contract (contract/devin-v3), and so is
 * every request the portal's own client sends. A violation is recorded where tests
 * can see it, and the response becomes a 500 naming it, so nothing drifts quietly.
 */

export interface ContractViolation {
  method: string;
  path: string;
  status: number;
  problems: string[];
}

/** The portal's client names itself; only its requests are held to the documented parameters and bodies. */
export const PORTAL_USER_AGENT = /^devin-portal\//;

const registry = globalThis as typeof globalThis & { __devinContractViolations?: ContractViolation[] };

export function contractViolations(): ContractViolation[] {
  return (registry.__devinContractViolations ??= []);
}

export function clearContractViolations(): void {
  registry.__devinContractViolations = [];
}

export function contractCheckFromEnv(): boolean {
  return process.env.EMULATOR_CONTRACT === 'strict';
}

interface Exchange {
  method: string;
  url: URL;
  userAgent: string | undefined;
  rawBody: string;
  status: number;
  body: unknown;
}

/** Problems with one request/response pair; empty when it keeps to the contract (or the route is not one the portal uses). */
export function checkExchange(x: Exchange): string[] {
  const contract = devinContract();
  const fromPortal = PORTAL_USER_AGENT.test(x.userAgent ?? '');
  const route = contract.find(x.method, x.url.pathname);
  if (!route) {
    // 404/405 for an unknown path is the API's own answer; a portal call to a route we never vendored is not.
    return fromPortal && x.status !== 404 && x.status !== 405 ? [`${x.method} ${x.url.pathname} is not in the vendored contract`] : [];
  }
  const problems = contract.checkResponse(route, x.status, x.body);
  if (fromPortal) {
    let body: unknown;
    try {
      body = x.rawBody ? JSON.parse(x.rawBody) : undefined;
    } catch {
      body = x.rawBody;
    }
    problems.push(...contract.checkRequest(route, x.url.searchParams, body).map((p) => `request ${p}`));
  }
  return problems;
}

export function recordViolation(v: ContractViolation): void {
  contractViolations().push(v);
}
