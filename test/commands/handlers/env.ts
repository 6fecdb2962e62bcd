import type { CustomMessageTriggerEvent } from 'aws-lambda';

// Reads its wording from the environment, as a deployed function reads its configuration.
export const handler = async (event: CustomMessageTriggerEvent) => {
  console.log('a log line that must not reach stdout');
  const greeting = process.env.GREETING ?? 'Hello';
  return {
    ...event,
    response: {
      ...event.response,
      smsMessage: `${greeting}! Code ${event.request.codeParameter}`,
      emailMessage: `<p>${greeting}</p><p>${event.request.codeParameter}</p>`,
      emailSubject: greeting,
    },
  };
};
