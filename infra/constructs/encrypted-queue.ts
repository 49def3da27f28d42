import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Options of {@link encryptedQueue}: any queue option except the encryption and TLS ones, which are fixed. */
export type EncryptedQueueProps = Omit<
  sqs.QueueProps,
  'encryption' | 'encryptionMasterKey' | 'enforceSSL' | 'dataKeyReuse'
> & {
  /** The router's customer-managed key. */
  readonly key: kms.IKey;
};

/**
 * An SQS queue encrypted with the router's customer-managed key whose policy denies every request made without
 * TLS (`aws:SecureTransport` false): what every hub queue (ingest, its DLQ, the escalation DLQ) must be.
 */
export const encryptedQueue = (scope: Construct, id: string, { key, ...props }: EncryptedQueueProps) =>
  new sqs.Queue(scope, id, {
    ...props,
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
  });
