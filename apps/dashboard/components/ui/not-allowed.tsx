import { panelStyle } from './styles';

/** For a page the signed-in role cannot read: says so instead of showing an empty or broken page. */
export function NotAllowed({ what }: { what: string }) {
  return (
    <div className={`${panelStyle} px-6 py-12 text-center`} role="status">
      <p className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Not available to your role</p>
      <p className="mx-auto mt-1.5 max-w-md text-sm leading-6 text-zinc-600 dark:text-zinc-400">
        {what} can only be seen by organisation roles. Ask an owner or admin if you need access.
      </p>
    </div>
  );
}
