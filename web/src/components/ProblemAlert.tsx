import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import type { ReactNode } from 'react';
import { ApiError, type Problem } from '../api.js';

/** The problem behind any error: the API's own for an ApiError, a plain one (never a stack) for anything else. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return {
    type: 'about:blank',
    title: 'Something went wrong',
    status: 0,
    detail: 'The page could not show this. Try again; if it keeps happening, reload the page.',
  };
}

/** An error from the API as its problem+json says: the title, the detail, and each field error. */
export function ProblemAlert(props: { error: unknown; action?: ReactNode; onRetry?: () => void }): ReactNode {
  const problem = problemOf(props.error);
  const errors = problem.errors ?? [];
  return (
    <Alert type="error" header={problem.title} action={props.action}>
      {problem.detail ?? 'Try again.'}
      {errors.length > 0 && (
        <ul>
          {errors.map((error) => (
            <li key={`${error.pointer}:${error.detail ?? ''}`}>
              <Box variant="code">{error.pointer || '/'}</Box>
              {error.detail ? `: ${error.detail}` : ''}
            </li>
          ))}
        </ul>
      )}
      {problem.instance && (
        <Box variant="small" color="text-body-secondary">
          Request id: {problem.instance}
        </Box>
      )}
    </Alert>
  );
}
