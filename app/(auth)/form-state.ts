/** What every form's server action returns to `useActionState`. */
export interface FormState {
  status: 'idle' | 'success' | 'error';
  message?: string;
  errors?: Record<string, string[] | undefined>;
}

export const idleState: FormState = { status: 'idle' };
