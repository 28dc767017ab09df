// Nothing may throw into a blank screen: a rendering error becomes the "Something went wrong" state.
import { Component, type ComponentChildren } from 'preact';
import { firstLine } from '../app/first-line';
import { LazyProblemView } from './LazyProblemView';

interface State {
  message?: string;
}

export class ErrorBoundary extends Component<{ children?: ComponentChildren }, State> {
  override state: State = {};

  static override getDerivedStateFromError(error: unknown): State {
    return { message: firstLine(error) };
  }

  override render() {
    if (this.state.message !== undefined) return <LazyProblemView problem={{ kind: 'unexpected', message: this.state.message }} />;
    return this.props.children;
  }
}
