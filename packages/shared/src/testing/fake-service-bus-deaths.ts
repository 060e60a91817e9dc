/** Process deaths the fake Service Bus can inject, for crash-between-steps tests. */

/**
 * Where an injected process death strikes: before a message is accepted (`send`: nothing
 * stored), after it was accepted but before the sender heard so (`sent`: stored, the call
 * fails), or before a settlement (`complete`, `abandon`, `deadLetter`: nothing changes, the
 * message stays locked until its lock expires).
 */
export type DeathPoint = 'send' | 'sent' | 'complete' | 'abandon' | 'deadLetter';

/** What the caller sees when an injected death strikes (its process would see nothing more). */
export class InjectedDeath extends Error {
  constructor(point: DeathPoint) {
    super(`the process died at ${point} (injected)`);
    this.name = 'InjectedDeath';
  }
}
