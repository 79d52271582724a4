import type { DeliveryEvent, EventRefusal } from './types.js';

/**
 * Read an event as sent (parsed JSON, trusted in nothing): the event, or why it is malformed,
 * naming the part that is wrong.
 */
export function readEvent(
  raw: unknown,
  expectedSeq: number,
): { event: DeliveryEvent } | { refusal: EventRefusal } {
  const malformed = (field: string, message: string) => ({
    refusal: { code: 'event.malformed' as const, message, field, expectedSeq },
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return malformed('event', 'an event must be an object');
  const e = raw as Record<string, unknown>;
  const seq = e.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1)
    return malformed('seq', `seq must be a whole number ≥ 1, got ${show(seq)}`);
  const atS = e.atS;
  if (atS !== undefined && (typeof atS !== 'number' || !Number.isFinite(atS) || atS < 0))
    return malformed('atS', `atS must be a number of seconds ≥ 0, got ${show(atS)}`);
  const timed = atS === undefined ? {} : { atS };
  switch (e.type) {
    case 'placed': {
      const pose = e.pose;
      if (typeof pose !== 'object' || pose === null || Array.isArray(pose))
        return malformed('pose', 'a placement needs a pose { xMm, yMm, rotationRad }');
      const p = pose as Record<string, unknown>;
      for (const key of ['xMm', 'yMm', 'rotationRad'] as const) {
        const v = p[key];
        if (typeof v !== 'number' || !Number.isFinite(v))
          return malformed(`pose.${key}`, `pose.${key} must be a finite number, got ${show(v)}`);
      }
      return {
        event: {
          type: 'placed',
          seq,
          ...timed,
          pose: {
            xMm: p.xMm as number,
            yMm: p.yMm as number,
            rotationRad: p.rotationRad as number,
          },
        },
      };
    }
    case 'extracted':
    case 'notExtracted': {
      const coreId = e.coreId;
      if (typeof coreId !== 'number' || !Number.isSafeInteger(coreId) || coreId < 0)
        return malformed('coreId', `coreId must be a whole number ≥ 0, got ${show(coreId)}`);
      return { event: { type: e.type, seq, ...timed, coreId } };
    }
    case 'pause':
    case 'resume':
    case 'end':
      return { event: { type: e.type, seq, ...timed } };
    default:
      return malformed(
        'type',
        `type must be one of placed, extracted, notExtracted, pause, resume, end; got ${show(e.type)}`,
      );
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  return typeof value;
}
