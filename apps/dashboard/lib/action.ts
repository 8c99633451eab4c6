import { unstable_rethrow } from 'next/navigation';
import { failedFormState, type FormState } from './forms';

/**
 * Runs a form's API call. A refusal becomes form state (field errors when the API names a field); the session
 * redirect and other framework signals pass through.
 */
export async function submitToApi(
  values: Record<string, string>,
  call: () => Promise<FormState>,
  fieldNames?: readonly string[],
): Promise<FormState> {
  try {
    return await call();
  } catch (error) {
    unstable_rethrow(error);
    return failedFormState(error, values, fieldNames);
  }
}
