/**
 * Faults at the DynamoDB client the workflow's functions write through (the runtime's `wrapDocuments`
 * hook). Each fault is armed for the next command that matches it and fires once:
 * - `loseRaceTo`: another execution's identical write lands first (sent for real), so the command then
 *   fails its condition in dynalite itself with the ConditionalCheckFailedException DynamoDB answers;
 * - `throttle`: the command is refused with ProvisionedThroughputExceededException, as DynamoDB refuses
 *   a hot partition once the SDK's own retries are spent.
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A command as the document client receives it: its input is all a fault needs to see. */
interface SentCommand {
  input: Record<string, unknown>;
}

type Send = (command: SentCommand) => Promise<unknown>;

interface ArmedFault {
  matches: (command: SentCommand) => boolean;
  fire: (command: SentCommand, send: Send) => Promise<unknown>;
}

/** SessionRepository.complete(): the one write that sets COMPLETED. */
export const completesSession = (command: SentCommand): boolean =>
  command instanceof UpdateCommand && String(command.input.UpdateExpression).startsWith('SET #status = :completed');

/** SessionRepository.updateStatus(…, 'ANALYZING'): NormalizeTranscript's write. */
export const movesToAnalyzing = (command: SentCommand): boolean =>
  command instanceof UpdateCommand && (command.input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':status'] === 'ANALYZING';

export class FaultyTable {
  private readonly armed: ArmedFault[] = [];
  /** How many armed faults have fired. */
  fired = 0;

  /** The document client with the armed faults in front of it; every other command passes through. */
  wrap(documents: DynamoDBDocumentClient): DynamoDBDocumentClient {
    const send: Send = (command) => documents.send(command as never) as Promise<unknown>;
    return new Proxy(documents, {
      get: (target, property, receiver) => {
        if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
        return async (command: SentCommand) => {
          const index = this.armed.findIndex((fault) => fault.matches(command));
          if (index < 0) return send(command);
          const [fault] = this.armed.splice(index, 1);
          this.fired++;
          return fault!.fire(command, send);
        };
      },
    });
  }

  /**
   * The next matching write loses a race: the same write, made by `rivalExecutionId`, is sent first.
   * Only `complete()` names an execution in its values; for other writes the copy is the same write.
   */
  loseRaceTo(matches: (command: SentCommand) => boolean, rivalExecutionId: string): void {
    this.armed.push({
      matches,
      fire: async (command, send) => {
        await send(new UpdateCommand(withExecution(command.input, rivalExecutionId) as never));
        return send(command);
      },
    });
  }

  throttle(matches: (command: SentCommand) => boolean): void {
    this.armed.push({
      matches,
      fire: () => {
        throw new ProvisionedThroughputExceededException({
          message:
            'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
          $metadata: { httpStatusCode: 400 },
        });
      },
    });
  }

  /** Disarms what did not fire. */
  reset(): void {
    this.armed.length = 0;
    this.fired = 0;
  }
}

/** The command's input with the value written to `executionId` replaced. */
function withExecution(input: Record<string, unknown>, executionId: string): Record<string, unknown> {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = { ...((input.ExpressionAttributeValues ?? {}) as Record<string, unknown>) };
  for (const [placeholder, name] of Object.entries(names)) {
    if (name === 'executionId') values[placeholder.replace('#', ':')] = executionId;
  }
  return { ...input, ExpressionAttributeValues: values };
}
