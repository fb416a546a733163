/** Text as messages show it. */

/** How much of a piece of code a message shows before it cuts it short. */
const SHOWN_LENGTH = 40;

/** `text`, cut to `max` characters with an ellipsis when it is longer. */
export function shorten(text: string, max = SHOWN_LENGTH): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
