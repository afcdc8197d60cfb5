import type { FormState } from '@/lib/forms';
import { InputField, stateField, TextAreaField } from '@/components/ui/form-field';
import { EARLIEST_DATE } from '@/lib/date-range';

/** Name and email: the same fields wherever an account is made. */
export function NameEmailFields({ state, emailHint }: { state: FormState; emailHint: string }) {
  return (
    <>
      <InputField {...stateField(state, 'name')} label="Name" autoComplete="off" />
      <InputField
        {...stateField(state, 'email')}
        label="Email"
        hint={emailHint}
        type="email"
        autoComplete="off"
      />
    </>
  );
}

/** Date of birth, condition and goal: the same fields wherever a patient is added. */
export function PatientDetailFields({ state, today }: { state: FormState; today: string }) {
  return (
    <>
      <InputField
        {...stateField(state, 'dateOfBirth')}
        label="Date of birth (optional)"
        type="date"
        min={EARLIEST_DATE}
        max={today}
      />
      <InputField
        {...stateField(state, 'condition')}
        label="Condition"
        hint="For example: non-specific low back pain, 6 weeks."
      />
      <TextAreaField
        {...stateField(state, 'goal')}
        label="Goal"
        hint="In the patient's words, e.g. “Lift my toddler without pain”."
        rows={3}
      />
    </>
  );
}
