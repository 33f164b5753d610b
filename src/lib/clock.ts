/** The current time, injected so tests can move it (token expiry, session timeouts, posting expiry). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
