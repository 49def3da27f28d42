import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { INCIDENT_TABLE } from '../../shared/adapters/aws/dynamodb-incident-store.js';

const attribute = (name: keyof typeof INCIDENT_TABLE.attributeTypes): dynamodb.Attribute => ({
  name,
  type:
    INCIDENT_TABLE.attributeTypes[name] === 'N'
      ? dynamodb.AttributeType.NUMBER
      : dynamodb.AttributeType.STRING,
});

/**
 * The incident store's one table, laid out by {@link INCIDENT_TABLE} (the adapter's own constants, so the table
 * and the items written to it cannot drift): on-demand, point-in-time recovery, the router's customer-managed
 * key, TTL on `expiresAt` for clean-up, deletion protection, retained when the stack goes, and the two indexes
 * (`byIncidentId` for ack links, sparse `dueEscalations` for the sweeper).
 */
export class IncidentTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, { key }: { readonly key: kms.IKey }) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(INCIDENT_TABLE.partitionKey),
      sortKey: attribute(INCIDENT_TABLE.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: INCIDENT_TABLE.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: INCIDENT_TABLE.byIncidentId.indexName,
      partitionKey: attribute(INCIDENT_TABLE.byIncidentId.partitionKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: INCIDENT_TABLE.dueEscalations.indexName,
      partitionKey: attribute(INCIDENT_TABLE.dueEscalations.partitionKey),
      sortKey: attribute(INCIDENT_TABLE.dueEscalations.sortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: INCIDENT_TABLE.pendingByGroup.indexName,
      partitionKey: attribute(INCIDENT_TABLE.pendingByGroup.partitionKey),
      sortKey: attribute(INCIDENT_TABLE.pendingByGroup.sortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }

  /** The ARN of one of the table's indexes, for a `dynamodb:Query` grant on exactly that index. */
  indexArn(indexName: string): string {
    return `${this.table.tableArn}/index/${indexName}`;
  }
}
