import { createMemoryNotifier } from '../../shared/adapters/memory/notifier.js';
import { createVirtualTimers } from '../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../shared/config/registry.js';
import { acknowledge, resolve } from '../../shared/pipeline/operator.js';
import type { Clock } from '../../shared/ports.js';
import type { Io } from './io.js';
import { openStore, type StoreChoice } from './store-option.js';

/**
 * `alert-router ack|resolve INCIDENT`: acknowledge or resolve an incident by its id (`INC-…-N`) or fingerprint in
 * the chosen store. The notifications this causes (a resolve goes to everyone who was told) are printed, not
 * sent: the CLI has no channels; on AWS the acknowledge link does the same through SNS.
 */
export const operatorCommand = async (
  action: 'ack' | 'resolve',
  incidentRef: string,
  by: string,
  config: Config,
  store: StoreChoice,
  clock: Clock,
  io: Io,
): Promise<number> => {
  const incidents = await openStore(store);
  const incident = incidentRef.startsWith('INC-')
    ? await incidents.findById(incidentRef)
    : await incidents.get(incidentRef);
  if (incident === undefined) {
    io.stderr.write(`alert-router: no current incident "${incidentRef}" in this store\n`);
    return 1;
  }
  const notifier = createMemoryNotifier();
  const ports = { store: incidents, notifier, timers: createVirtualTimers(), clock, config };
  const done = await (action === 'ack' ? acknowledge : resolve)(incident.fingerprint, by, ports);
  for (const reason of done.reasons) io.stdout.write(`${reason}\n`);
  for (const n of notifier.sent())
    io.stdout.write(`  → ${n.receiver} (${n.audience}) ${n.kind}: ${n.subject}\n`);
  return done.result === 'stale' ? 1 : 0;
};
