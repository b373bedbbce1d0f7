import { Component, type ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert.js';

/** A page that throws while rendering shows a plain error, never a blank screen or a stack. */
export class ErrorBoundary extends Component<{ children?: ReactNode }, { error: unknown; failed: boolean }> {
  override state = { error: undefined as unknown, failed: false };

  static getDerivedStateFromError(error: unknown): { error: unknown; failed: boolean } {
    return { error, failed: true };
  }

  override render(): ReactNode {
    if (this.state.failed) return <ProblemAlert error={this.state.error} />;
    return this.props.children;
  }
}
