import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { drawScene } from '../planner/drawScene';
import type { SizePx, View } from '../planner/viewTransform';
import { drawOverlay } from './drawLive';
import type { LiveController } from './liveController';
import type { PlanScene } from './planScene';

/** The canvases' size in CSS pixels; CSS scales the stack to the column, keeping its shape. */
export const LIVE_CANVAS_SIZE: SizePx = { widthPx: 760, heightPx: 600 };

/** How faint the plan is under the session (its cores and zones: the planner's drawing). */
const PLAN_ALPHA = 0.3;

/**
 * Three stacked canvases: the plan, faint (drawn once, with the planner's drawScene); the session
 * as delivered, drawn incrementally (drawLive.ts: each frame only what the server acknowledged
 * since the last); and the suggested next field with the field just placed, on top. One
 * requestAnimationFrame loop; the time each frame's drawing takes is a user-timing measure
 * (`microcore:live-draw`), which the bench reads.
 */
export function LiveCanvas({
  controller,
  plan,
  view,
  fieldSideMm,
  label,
}: {
  controller: LiveController;
  plan: PlanScene;
  view: View;
  fieldSideMm: number;
  label: string;
}) {
  const planRef = useRef<HTMLCanvasElement>(null);
  const liveRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const ratio = window.devicePixelRatio || 1;
    const contexts = [planRef, liveRef, overlayRef].map((ref) => {
      const canvas = ref.current;
      if (!canvas) return null;
      canvas.width = Math.round(LIVE_CANVAS_SIZE.widthPx * ratio);
      canvas.height = Math.round(LIVE_CANVAS_SIZE.heightPx * ratio);
      const ctx = canvas.getContext('2d');
      ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
      return ctx;
    });
    const [planCtx, liveCtx, overlayCtx] = contexts;
    if (!planCtx || !liveCtx || !overlayCtx) return;
    planCtx.globalAlpha = PLAN_ALPHA;
    drawScene(planCtx, plan.scene, view, LIVE_CANVAS_SIZE);
    planCtx.globalAlpha = 1;

    let overlayKey = '';
    let frame = 0;
    const draw = () => {
      frame = requestAnimationFrame(draw);
      const { session } = controller;
      if (controller.clearPending) {
        liveCtx.clearRect(0, 0, LIVE_CANVAS_SIZE.widthPx, LIVE_CANVAS_SIZE.heightPx);
        controller.clearPending = false;
      }
      const { nextField, lastField } = session.snapshot;
      const key = JSON.stringify([nextField?.pose, lastField]);
      if (!controller.drawing.waiting && key === overlayKey) return;
      const start = performance.now();
      controller.drawing.drawNew(liveCtx);
      if (key !== overlayKey) {
        overlayKey = key;
        drawOverlay(
          overlayCtx,
          view,
          LIVE_CANVAS_SIZE,
          fieldSideMm,
          nextField?.pose ?? null,
          lastField,
        );
      }
      performance.measure('microcore:live-draw', { start, end: performance.now() });
      // Keep the timeline short: the bench reads the entries as they come.
      if (performance.getEntriesByName('microcore:live-draw').length > 5000)
        performance.clearMeasures('microcore:live-draw');
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [controller, plan, view, fieldSideMm]);

  const style = { position: 'absolute', inset: 0, width: '100%', height: '100%' } as const;
  return (
    <Box
      pos="relative"
      w="100%"
      maw={LIVE_CANVAS_SIZE.widthPx}
      style={{
        aspectRatio: `${LIVE_CANVAS_SIZE.widthPx} / ${LIVE_CANVAS_SIZE.heightPx}`,
        background: '#fff',
        border: '1px solid var(--mantine-color-gray-4)',
      }}
      role="img"
      aria-label={label}
    >
      <canvas ref={planRef} style={style} />
      <canvas ref={liveRef} style={style} data-layer="delivered" />
      <canvas ref={overlayRef} style={style} />
    </Box>
  );
}
