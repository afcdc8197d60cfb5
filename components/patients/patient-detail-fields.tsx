import { fieldError, type FormState } from '@/lib/forms';
import { InputField, TextAreaField } from '@/components/ui/form-field';
import { EARLIEST_DATE } from '@/lib/date-range';

/** Name and email: the same fields wherever an account is made. */
export function NameEmailFields({ state, emailHint }: { state: FormState; emailHint: string }) {
  const v = state.values ?? {};
  return (
    <>
      <InputField
        id="name"
        label="Name"
        error={fieldError(state, 'name')}
        name="name"
        autoComplete="off"
        defaultValue={v.name}
      />
      <InputField
        id="email"
        label="Email"
        hint={emailHint}
        error={fieldError(state, 'email')}
        name="email"
        type="email"
        autoComplete="off"
        defaultValue={v.email}
      />
    </>
  );
}

/** Date of birth, condition and goal: the same fields wherever a patient is added. */
export function PatientDetailFields({ state, today }: { state: FormState; today: string }) {
  const v = state.values ?? {};
  return (
    <>
      <InputField
        id="dateOfBirth"
        label="Date of birth (optional)"
        error={fieldError(state, 'dateOfBirth')}
        name="dateOfBirth"
        type="date"
        min={EARLIEST_DATE}
        max={today}
        defaultValue={v.dateOfBirth}
      />
      <InputField
        id="condition"
        label="Condition"
        hint="For example: non-specific low back pain, 6 weeks."
        error={fieldError(state, 'condition')}
        name="condition"
        defaultValue={v.condition}
      />
      <TextAreaField
        id="goal"
        label="Goal"
        hint="In the patient's words, e.g. “Lift my toddler without pain”."
        error={fieldError(state, 'goal')}
        name="goal"
        rows={3}
        defaultValue={v.goal}
      />
    </>
  );
}
