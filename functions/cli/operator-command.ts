import { createMemoryLifecycleBus } from '../../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../../shared/adapters/memory/notifier.js';
import { createVirtualTimers } from '../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../shared/config/registry.js';
import type { LeakKnown } from '../../shared/incident.js';
import { type OperatorActionName, operate } from '../../shared/pipeline/operator.js';
import type { Clock } from '../../shared/ports.js';
import type { Io } from './io.js';
import { openStore, type StoreChoice } from './store-option.js';

/**
 * `alert-router ack|resolve INCIDENT`: acknowledge or resolve an incident by its id (`INC-…-N`) or fingerprint in
 * the chosen store. The notifications this causes (a resolve goes to everyone who was told) are printed, not
 * sent: the CLI has no channels; on AWS the acknowledge link does the same through SNS.
 */
/** What `share` and `update` say (DESIGN §12). */
export type Communication = {
  readonly message?: string | undefined;
  readonly leak?: LeakKnown | undefined;
  readonly nextMs?: number | undefined;
};

export const operatorCommand = async (
  action: OperatorActionName,
  incidentRef: string,
  by: string,
  config: Config,
  store: StoreChoice,
  clock: Clock,
  io: Io,
  said: Communication = {},
): Promise<number> => {
  const incidents = await openStore(store, config);
  const incident = incidentRef.startsWith('INC-')
    ? await incidents.findById(incidentRef)
    : await incidents.get(incidentRef);
  if (incident === undefined) {
    io.stderr.write(`alert-router: no current incident "${incidentRef}" in this store\n`);
    return 1;
  }
  const notifier = createMemoryNotifier();
  const ports = {
    store: incidents,
    notifier,
    bus: createMemoryLifecycleBus(),
    timers: createVirtualTimers(),
    clock,
    config,
  };
  // An id names one episode: the action never reaches a later episode of the same finding.
  const expectedId = incidentRef.startsWith('INC-') ? incidentRef : undefined;
  const done = await operate(action, incident.fingerprint, { by, ...said, expectedId }, ports);
  if (done.result === 'refused') {
    io.stderr.write(`alert-router: ${done.reasons[0] ?? 'refused'}; nothing was sent\n`);
    return 1;
  }
  for (const reason of done.reasons) io.stdout.write(`${reason}\n`);
  for (const n of notifier.sent())
    io.stdout.write(`  → ${n.receiver} (${n.audience}) ${n.kind}: ${n.subject}\n`);
  return done.result === 'stale' ? 1 : 0;
};
