/**
 * Node's EventEmitter methods (`process`, `parentPort`, every driver's client): the one
 * list of what each does with the listener it is given.
 */

/** `every`: the listener runs on every event; `once`: on the next one only; `remove`: it is unregistered. */
type ListenerAction = 'every' | 'once' | 'remove';

const EMITTER_METHODS: Readonly<Record<string, ListenerAction>> = {
  on: 'every',
  addListener: 'every',
  prependListener: 'every',
  once: 'once',
  prependOnceListener: 'once',
  off: 'remove',
  removeListener: 'remove',
};

/** What the method does with a listener; undefined when it is no emitter method. */
export function listenerAction(method: string): ListenerAction | undefined {
  return Object.hasOwn(EMITTER_METHODS, method) ? EMITTER_METHODS[method] : undefined;
}

/** The methods that register a listener (`on`, `once`, ...), in table order. */
export const LISTENER_REGISTRATIONS: ReadonlySet<string> = new Set(
  Object.keys(EMITTER_METHODS).filter((method) => EMITTER_METHODS[method] !== 'remove'),
);
