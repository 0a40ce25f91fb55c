import { afterEach, expect } from 'vitest';
import { clearContractViolations, contractViolations } from '@/emulator/contract-check';

/*
 * Every emulator a test starts checks its answers, and the portal client's requests,
 * against the vendored published contract (contract/devin-v3). A breach fails the
 * test that caused it, even when the code under test swallowed the 500 it became.
 */
process.env.EMULATOR_CONTRACT = 'strict';

afterEach(() => {
  const seen = contractViolations();
  clearContractViolations();
  expect(seen, 'emulator exchanges outside the published Devin contract').toEqual([]);
});
