import { signOut } from '@/app/(console)/actions';
import { SignOutIcon } from './icons';

export function SignOutButton() {
  return (
    <form action={signOut}>
      <button
        type="submit"
        className="flex w-full items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium text-zinc-600 transition hover:bg-zinc-900/5 hover:text-zinc-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-signal-600 dark:text-zinc-400 dark:hover:bg-white/5 dark:hover:text-white dark:focus-visible:outline-signal-500"
      >
        <SignOutIcon className="size-5 shrink-0 text-zinc-400 dark:text-zinc-500" />
        Sign out
      </button>
    </form>
  );
}
