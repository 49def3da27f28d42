/**
 * The route function's dependencies without the router: the AWS SDK clients behind the adapters, the
 * Powertools logger, metrics, batch and secrets, and middy — what the route handler imports from npm, used the
 * way it uses them (re-exported, so that a bundle keeps each one). The bench bundles this entry like a handler
 * and times its import: the part of the route's cold start that no change to the router's own code can remove.
 */
export { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
export { Logger } from '@aws-lambda-powertools/logger';
export { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
export { Metrics } from '@aws-lambda-powertools/metrics';
export { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
export { getSecret } from '@aws-lambda-powertools/parameters/secrets';
export {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
export { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
export { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
export {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
export { default as middy } from '@middy/core';
