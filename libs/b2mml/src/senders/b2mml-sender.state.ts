import { foldStream, LoadedStream } from '@lotstream/domain';
import type { B2mmlSenderEvent, B2mmlSenderMapping } from './b2mml-sender.events';

/** The mapping in force for a sender: the last one configured, or none. */
export function evolveSenderMapping(state: B2mmlSenderMapping | null, event: B2mmlSenderEvent): B2mmlSenderMapping | null {
  return event.type === 'B2mmlSenderConfigured' ? event.data : state;
}

export const senderMappingOfStream = (stream: LoadedStream): B2mmlSenderMapping | null => foldStream(stream, null, evolveSenderMapping);
