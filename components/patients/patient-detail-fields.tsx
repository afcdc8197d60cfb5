import { fieldError, type FormState } from '@/lib/forms';
import { FormField, inputClass } from '@/components/ui/form-field';
import { EARLIEST_DATE } from '@/lib/date-range';

/** Date of birth, condition and goal: the same fields wherever a patient is added. */
export function PatientDetailFields({ state, today }: { state: FormState; today: string }) {
  const v = state.values ?? {};
  return (
    <>
      <FormField
        id="dateOfBirth"
        label="Date of birth (optional)"
        error={fieldError(state, 'dateOfBirth')}
      >
        {(a11y) => (
          <input
            {...a11y}
            name="dateOfBirth"
            type="date"
            min={EARLIEST_DATE}
            max={today}
            defaultValue={v.dateOfBirth}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField
        id="condition"
        label="Condition"
        hint="For example: non-specific low back pain, 6 weeks."
        error={fieldError(state, 'condition')}
      >
        {(a11y) => (
          <input {...a11y} name="condition" defaultValue={v.condition} className={inputClass} />
        )}
      </FormField>
      <FormField
        id="goal"
        label="Goal"
        hint="In the patient's words, e.g. “Lift my toddler without pain”."
        error={fieldError(state, 'goal')}
      >
        {(a11y) => (
          <textarea {...a11y} name="goal" rows={3} defaultValue={v.goal} className={inputClass} />
        )}
      </FormField>
    </>
  );
}
