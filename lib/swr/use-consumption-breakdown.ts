import useSWR from 'swr';
import type { OrgBreakdownDto } from '@/lib/consumption/schemas';
import { type ApiClientError, fetcher } from './fetcher';

/** Who used what in one org over the range in `rangeSearch` (a query string); nothing is fetched while `orgId` is null. */
export function useConsumptionBreakdown(orgId: string | null, rangeSearch: string) {
  return useSWR<OrgBreakdownDto, ApiClientError>(orgId ? `/api/consumption/orgs/${encodeURIComponent(orgId)}?${rangeSearch}` : null, fetcher, {
    keepPreviousData: true,
    revalidateOnFocus: false,
  });
}
