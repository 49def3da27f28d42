import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // One DynamoDB Local for the whole run (test/integration: the DynamoDB store's tests).
    globalSetup: ['test/integration/dynamodb-local.ts'],
  },
});
