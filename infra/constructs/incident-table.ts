import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { INCIDENT_TABLE, type IndexSpec, type KeyAttribute } from '../../shared/storage/table-layout.js';

const attribute = (name: KeyAttribute): dynamodb.Attribute => ({
  name,
  type:
    INCIDENT_TABLE.attributeTypes[name] === 'N'
      ? dynamodb.AttributeType.NUMBER
      : dynamodb.AttributeType.STRING,
});

/**
 * The incident store's one table, laid out by {@link INCIDENT_TABLE} (shared/storage/table-layout.ts, which the
 * adapter's CreateTable reads too, so the table and the items written to it cannot drift): on-demand,
 * point-in-time recovery, the router's customer-managed key, TTL on `expiresAt` for clean-up, deletion
 * protection, retained when the stack goes, and the layout's indexes with their projections.
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
    for (const index of INCIDENT_TABLE.indexes) this.table.addGlobalSecondaryIndex(indexProps(index));
  }

  /** The ARN of one of the table's indexes, for a `dynamodb:Query` grant on exactly that index. */
  indexArn(indexName: string): string {
    return `${this.table.tableArn}/index/${indexName}`;
  }
}

/** One index of the layout as CDK spells it. */
const indexProps = (index: IndexSpec): dynamodb.GlobalSecondaryIndexProps => ({
  indexName: index.indexName,
  partitionKey: attribute(index.partitionKey as KeyAttribute),
  ...(index.sortKey !== undefined ? { sortKey: attribute(index.sortKey as KeyAttribute) } : {}),
  ...(index.projection.type === 'KEYS_ONLY'
    ? { projectionType: dynamodb.ProjectionType.KEYS_ONLY }
    : {
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.projection.attributes],
      }),
});
