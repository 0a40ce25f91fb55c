import { SkeletonRows } from '@/app/_components/skeleton-rows';

export default function Loading() {
  return (
    <div className="card">
      <SkeletonRows rows={6} label="Loading alerts…" />
    </div>
  );
}
