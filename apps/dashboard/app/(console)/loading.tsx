import { SkeletonPage } from '@/components/ui/skeleton';

export default function ConsoleLoading() {
  return <SkeletonPage />;
}
