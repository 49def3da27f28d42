/**
 * The route function's dependencies without the router: the AWS SDK clients behind the adapters, the
 * Powertools logger, metrics, batch and secrets, and middy — what the route handler imports from npm, used the
 * way it uses them. The bench bundles this entry like a handler and times its import: the part of the route's
 * cold start that no change to the router's own code can remove.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';

export const dependencies = [
  BatchProcessor,
  EventType,
  processPartialResponse,
  Logger,
  injectLambdaContext,
  Metrics,
  logMetrics,
  getSecret,
  DynamoDBClient,
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  SchedulerClient,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  SNSClient,
  PublishCommand,
  middy,
];
