'use client';

import { useActionState, useState, type ChangeEvent } from 'react';
import { uploadDefinitionAction } from '@/app/admin/questionnaires/actions';
import { FormMessage, SubmitButton, inputClass } from '@/components/ui/form-field';
import { idleState } from '@/lib/forms';

/**
 * Adds a clinic's questionnaire from a definition file. The browser reads the chosen file into the
 * text box, which is what is sent: after a refused upload the text is still there (a file input
 * cannot be given back its file), so the admin can correct it in place or choose the fixed file.
 */
export function UploadDefinitionForm() {
  const [state, formAction, pending] = useActionState(uploadDefinitionAction, idleState);
  const [text, setText] = useState(state.values?.definition ?? '');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  // A successful upload empties the box for the next one (state adjusted while rendering, once).
  const [handled, setHandled] = useState(state);
  if (handled !== state) {
    setHandled(state);
    if (state.status === 'success') setText('');
  }

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileProblem(null);
    if (!file) return;
    try {
      setText(await file.text());
    } catch {
      setFileProblem('That file could not be read. Choose it again, or paste its text below.');
    }
  }

  const errors = state.status === 'error' ? (state.errors?.definition ?? []) : [];
  return (
    <form action={formAction} noValidate className="space-y-4">
      <FormMessage state={state} />
      {state.status === 'success' ? (
        <p role="status" className="border-brand bg-brand-soft rounded border px-3 py-2">
          {state.message}
        </p>
      ) : null}
      <div>
        <label htmlFor="definition-file" className="font-medium">
          Definition file
        </label>
        <p id="definition-file-hint" className="text-muted text-sm">
          A JSON file in the format of docs/outcome-measures.md. Its text appears below.
        </p>
        <input
          id="definition-file"
          type="file"
          accept="application/json,.json"
          aria-describedby={
            fileProblem ? 'definition-file-hint definition-file-error' : 'definition-file-hint'
          }
          onChange={(event) => void readFile(event)}
          className="mt-1 block min-h-11"
        />
        {fileProblem ? (
          <p id="definition-file-error" className="text-danger mt-1 text-sm">
            {fileProblem}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor="definition" className="font-medium">
          Definition (JSON)
        </label>
        <p id="definition-hint" className="text-muted text-sm">
          Filled in from the file; you can also paste it here or correct it.
        </p>
        <textarea
          id="definition"
          name="definition"
          rows={12}
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={errors.length > 0 ? true : undefined}
          aria-describedby={
            errors.length > 0 ? 'definition-hint definition-error' : 'definition-hint'
          }
          className={`${inputClass} font-mono text-sm`}
        />
        {errors.length > 0 ? (
          <div id="definition-error" className="text-danger mt-1 text-sm">
            <p className="font-medium">Fix these and upload again:</p>
            <ul className="list-disc pl-5">
              {errors.map((error, index) => (
                <li key={index}>{error}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <SubmitButton pending={pending} pendingLabel="Checking…">
        Add questionnaire
      </SubmitButton>
    </form>
  );
}
