import { Component, type ReactNode } from 'react';

/** A view that throws shows what went wrong instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: unknown }, { error: Error | null; key: unknown }> {
  override state: { error: Error | null; key: unknown } = { error: null, key: undefined };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey?: unknown }, state: { error: Error | null; key: unknown }) {
    // Navigating elsewhere clears the error.
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="error" role="alert">
          <h2>Something went wrong while showing this page</h2>
          <p>{this.state.error.message}</p>
          <p>Your data is still loaded. Try another page, or reload to start again.</p>
        </div>
      );
    }
    return this.props.children;
  }
}
