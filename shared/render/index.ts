import type { Config } from '../config/registry.js';
import { receiverById } from '../config/registry.js';
import type { Delivery, Incident } from '../incident.js';
import type { AckLinks, Notification } from '../ports.js';
import { renderContext } from './context.js';
import { renderMunicipality } from './municipality.js';
import { renderTechnical } from './technical.js';

/**
 * Renders one delivery for its receiver: the audience picks the message (technical summary, or the plain
 * municipal notice) and the receiver's configured language picks the words (ja by default).
 */
export const renderNotification = (
  delivery: Delivery,
  incident: Incident,
  config: Config,
  ackLinks?: AckLinks,
): Notification => {
  const receiver = receiverById(config, delivery.receiver);
  const ackLink = receiver.audience === 'team' ? ackLinks?.(incident.id, receiver.id) : undefined;
  const context = renderContext(delivery, incident, receiver, config, ackLink);
  const message =
    receiver.audience === 'municipality' ? renderMunicipality(context) : renderTechnical(context);
  const account = context.accounts[0];
  return {
    deliveryId: delivery.id,
    at: delivery.at,
    incidentId: incident.id,
    fingerprint: incident.fingerprint,
    audience: receiver.audience,
    receiver: receiver.id,
    kind: delivery.kind,
    severity: delivery.severity,
    language: receiver.audience === 'municipality' ? 'ja' : receiver.language,
    ...message,
    attributes: {
      audience: receiver.audience,
      receiver: receiver.id,
      severity: delivery.severity,
      source: incident.subject.source,
      kind: delivery.kind,
      ...(account ? { account: account.id, asp: account.asp } : {}),
    },
  };
};

export { ACK_LINK_PLACEHOLDER, type Message } from './technical.js';
