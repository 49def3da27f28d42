import * as z from 'zod/mini';

/**
 * Reads a function's Lambda environment against its schema, so that a mis-deployed function fails its cold start
 * with one line naming each bad variable. `who` opens the line (`alert-router`, `alert-router console`).
 */
export const parseLambdaEnvironment = <Schema extends z.ZodMiniType>(
  schema: Schema,
  env: NodeJS.ProcessEnv,
  who = 'alert-router',
): z.infer<Schema> => {
  const parsed = z.safeParse(schema, env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`${who}: bad Lambda environment: ${problems}`);
  }
  return parsed.data;
};
