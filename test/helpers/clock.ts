/** A clock the test moves by hand, for token expiry and session timeouts. */
export class TestClock {
  private current: Date;

  constructor(start = new Date()) {
    this.current = new Date(start);
  }

  readonly now = (): Date => new Date(this.current);

  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
