/** A Scheduler service error as the SDK throws it: the message twice (`message`, and the model's `Message`). */
export const schedulerError = (
  Exception: new (options: {
    message: string;
    Message: string;
    $metadata: { httpStatusCode: number };
  }) => Error,
  message: string,
  httpStatusCode: number,
): Error => new Exception({ message, Message: message, $metadata: { httpStatusCode } });
