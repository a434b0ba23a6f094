/**
 * Subscribes its host to an Observable while the host is connected, and re-renders on each value.
 * Components use it to show data-layer streams without managing subscriptions by hand.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

export class ObserveController<T> implements ReactiveController {
  value: T | undefined;
  private source: Observable<T> | undefined;
  private subscription: Subscription | undefined;
  private connected = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Switches to another source (or none); the old subscription ends. */
  observe(source: Observable<T> | undefined): void {
    if (source === this.source) return;
    this.source = source;
    this.value = undefined;
    this.resubscribe();
  }

  hostConnected(): void {
    this.connected = true;
    this.resubscribe();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private resubscribe(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    if (!this.connected || !this.source) return;
    this.subscription = this.source.subscribe((value) => {
      this.value = value;
      this.host.requestUpdate();
    });
  }
}
