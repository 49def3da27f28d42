import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/**
 * The floor of the cold time to page: a plain SQS handler that pages the team with the clients the route function
 * uses (the DynamoDB document client, Secrets Manager through Powertools, SNS) and none of the router's code. It
 * reads the secret, looks the finding up (GetItem), records it (PutItem) if it is new, and publishes one line to
 * the team's topic. The bench bundles it like a handler and times it beside the route (bench/page.ts).
 */

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sns = new SNSClient({});

type Finding = { readonly detail: { readonly id: string; readonly type: string; readonly title?: string } };

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const env = process.env;
  const secret = await getSecret(env.ACK_SECRET_ARN ?? '');
  if (typeof secret !== 'string') throw new Error('the secret is not a string');
  for (const record of event.Records) {
    const finding = JSON.parse(record.body) as Finding;
    const key = { pk: `floor#${finding.detail.id}`, sk: 'floor' };
    const seen = await dynamo.send(new GetCommand({ TableName: env.TABLE_NAME, Key: key }));
    if (seen.Item !== undefined) continue;
    await dynamo.send(
      new PutCommand({
        TableName: env.TABLE_NAME,
        Item: { ...key, type: finding.detail.type, receivedAt: Date.now() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await sns.send(
      new PublishCommand({
        TopicArn: `${env.TOPIC_ARN_PREFIX}team-oncall`,
        Subject: 'GuardDuty',
        Message: `${finding.detail.type}: ${finding.detail.title ?? finding.detail.id}`,
      }),
    );
  }
  return { batchItemFailures: [] };
};
