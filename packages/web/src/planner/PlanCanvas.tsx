import type { PointMm, RingMm } from '@microcore/core';
import {
  memo,
  type Ref,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
} from 'react';
import { commandForKey } from './canvasKeys';
import { drawScene, type Scene, type SceneCores, type SceneZone } from './drawScene';
import { type DrawnExclusion, defaultExclusion, type ExclusionKind } from './exclusionShapes';
import type { FaceFeature } from './faceLandmarks';
import classes from './planner.module.css';
import { usePointerGestures } from './usePointerGestures';
import {
  type BoundsMm,
  clampView,
  fitView,
  interpolateView,
  panBy,
  pxToMm,
  type SizePx,
  type View,
  zoomAbout,
  zoomLimits,
} from './viewTransform';

export interface PlanCanvasHandle {
  /** The chart point at the centre of the canvas, mm. */
  centreMm(): PointMm;
}

export interface PlanCanvasProps {
  readonly face: readonly FaceFeature[];
  readonly zones: readonly SceneZone[];
  readonly cores: SceneCores | null;
  readonly coresHash: string | null;
  readonly exclusions: readonly DrawnExclusion[];
  readonly selectedExclusion: string | null;
  /** The kind of exclusion the pointer draws next, or null to pan and move. */
  readonly tool: ExclusionKind | null;
  /** What the drawing shows, for its box (refitted while the user has not zoomed or panned). */
  readonly contentBounds: BoundsMm;
  readonly onSelectExclusion: (id: string | null) => void;
  readonly onAddExclusion: (kind: ExclusionKind, ring: RingMm) => void;
  readonly onMoveExclusion: (id: string, dxMm: number, dyMm: number) => void;
  readonly onDeleteExclusion: (id: string) => void;
  readonly onToolDone: () => void;
  readonly describedBy: string;
  readonly handleRef?: Ref<PlanCanvasHandle>;
}

const ANIMATION_MS = 140;

/** The user timing of each frame's drawing (performance.measure), read by the bench. */
export const PLAN_DRAW_MEASURE = 'microcore:plan-draw';
/** The browser keeps every user timing: start again after this many, so a long session stays small. */
const PLAN_DRAW_MEASURES_KEPT = 1000;
let planDrawMeasures = 0;
/**
 * The plan drawn to scale on a canvas, with zoom and pan (wheel, pinch, drag, keys) and the
 * exclusions drawn, moved and deleted with the pointer or the keyboard. Drawing happens on
 * animation frames only, from the newest props and view; the drawing itself is drawScene's.
 * `data-cores-drawn` on the canvas says how many cores the last frame drew. Drawn again only when
 * a prop changes (memo: the planner passes stable callbacks), not when a setting it does not
 * show moves.
 */
export const PlanCanvas = memo(function PlanCanvas(props: PlanCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const sizeRef = useRef<SizePx>({ widthPx: 0, heightPx: 0 });
  const viewRef = useRef<View | null>(null);
  /** Whether the user has zoomed or panned (then new content does not refit the view). */
  const userViewRef = useRef(false);
  const frameRef = useRef(0);
  const animationRef = useRef<{ from: View; to: View; startMs: number } | null>(null);
  const draftRef = useRef<RingMm | null>(null);
  const movingRef = useRef<{ id: string; ring: RingMm } | null>(null);

  const fitted = useCallback(
    () => fitView(propsRef.current.contentBounds, sizeRef.current, 12),
    [],
  );

  const draw = useCallback(() => {
    frameRef.current = 0;
    const startMs = performance.now();
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    const size = sizeRef.current;
    if (!canvas || !ctx || size.widthPx === 0 || size.heightPx === 0) return;
    const animation = animationRef.current;
    if (animation) {
      const t = Math.min(1, (performance.now() - animation.startMs) / ANIMATION_MS);
      // Ease out: quick to respond, gentle to settle.
      viewRef.current = interpolateView(animation.from, animation.to, 1 - (1 - t) ** 3, size);
      if (t >= 1) animationRef.current = null;
      else frameRef.current = requestAnimationFrame(draw);
    }
    const view = viewRef.current ?? fitted();
    viewRef.current = view;
    const p = propsRef.current;
    const selected = p.exclusions.findIndex((e) => e.id === p.selectedExclusion);
    const moving = movingRef.current;
    const scene: Scene = {
      face: p.face,
      zones: p.zones,
      cores: p.cores,
      exclusions: p.exclusions.map((e) => (moving && e.id === moving.id ? moving.ring : e.polygon)),
      selectedExclusion: selected,
      draft: draftRef.current,
    };
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const drawn = drawScene(ctx, scene, view, size);
    canvas.dataset.coresDrawn = String(drawn);
    // Each frame's drawing as a user timing: the browser's performance panel and the bench
    // (bench/src/web) read it; at most one entry per frame, cleared by whoever reads them.
    if (++planDrawMeasures > PLAN_DRAW_MEASURES_KEPT) {
      performance.clearMeasures(PLAN_DRAW_MEASURE);
      planDrawMeasures = 1;
    }
    performance.measure(PLAN_DRAW_MEASURE, { start: startMs });
  }, [fitted]);

  const requestDraw = useCallback(() => {
    if (frameRef.current === 0) frameRef.current = requestAnimationFrame(draw);
  }, [draw]);

  /** Set the view now (a gesture), kept in sight, cancelling any animation. */
  const setView = useCallback(
    (view: View) => {
      animationRef.current = null;
      userViewRef.current = true;
      viewRef.current = clampView(view, propsRef.current.contentBounds, sizeRef.current);
      requestDraw();
    },
    [requestDraw],
  );

  /** Move the view smoothly to another (the keys). */
  const animateTo = useCallback(
    (target: View, userView = true) => {
      const from = viewRef.current ?? target;
      userViewRef.current = userView;
      animationRef.current = {
        from,
        to: clampView(target, propsRef.current.contentBounds, sizeRef.current),
        startMs: performance.now(),
      };
      requestDraw();
    },
    [requestDraw],
  );

  useImperativeHandle(props.handleRef, () => ({
    centreMm: () => {
      // Where the view is going, if it is still moving: "add at the centre" right after a key
      // pan means the centre the user asked for, not a frame on the way there.
      const view = animationRef.current?.to ?? viewRef.current ?? fitted();
      const [x, y] = pxToMm(view, sizeRef.current.widthPx / 2, sizeRef.current.heightPx / 2);
      return [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
    },
  }));

  // The canvas follows its box's size, in device pixels for sharp lines.
  useEffect(() => {
    const wrap = wrapRef.current;
    const canvas = canvasRef.current;
    if (!wrap || !canvas) return;
    const observer = new ResizeObserver(() => {
      // The canvas fills the box inside its border.
      const rect = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      sizeRef.current = { widthPx: rect.width, heightPx: rect.height };
      canvas.width = Math.max(1, Math.round(rect.width * dpr));
      canvas.height = Math.max(1, Math.round(rect.height * dpr));
      if (!userViewRef.current) viewRef.current = fitted();
      else if (viewRef.current)
        viewRef.current = clampView(
          viewRef.current,
          propsRef.current.contentBounds,
          sizeRef.current,
        );
      // Drawn now, not on the next frame: resizing a canvas clears it.
      if (frameRef.current) cancelAnimationFrame(frameRef.current);
      draw();
    });
    observer.observe(wrap);
    return () => observer.disconnect();
  }, [draw, fitted]);

  // Any change redraws; new content (the face scaled) refits the view until the user takes over.
  // Asked for as the change is committed, so the drawing makes the next frame.
  useLayoutEffect(() => {
    if (!userViewRef.current && sizeRef.current.widthPx > 0) viewRef.current = fitted();
    requestDraw();
  });

  // The wheel zooms about the pointer; the listener is not passive, so the page does not scroll.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const view = viewRef.current;
      if (!view) return;
      const rect = canvas.getBoundingClientRect();
      // Lines (Firefox) and pages count as more than pixels.
      const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
      const factor = Math.exp(-event.deltaY * unit * 0.0015);
      setView(
        zoomAbout(
          view,
          factor,
          event.clientX - rect.left,
          event.clientY - rect.top,
          zoomLimits(fitted()),
        ),
      );
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [setView, fitted]);

  useEffect(() => () => cancelAnimationFrame(frameRef.current), []);

  const pointer = usePointerGestures({
    wrapRef,
    propsRef,
    viewRef,
    draftRef,
    movingRef,
    setView,
    requestDraw,
    zoomLimits: () => zoomLimits(fitted()),
  });

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const view = viewRef.current;
    if (!view) return;
    const p = propsRef.current;
    const command = commandForKey(event.key, event.shiftKey, {
      selected: p.selectedExclusion !== null,
      drawing: p.tool !== null,
    });
    if (!command) return;
    event.preventDefault();
    const size = sizeRef.current;
    // Keys pressed during an animation build on where it is going.
    const target = animationRef.current?.to ?? view;
    const cx = size.widthPx / 2;
    const cy = size.heightPx / 2;
    switch (command.kind) {
      case 'zoom':
        animateTo(zoomAbout(target, command.factor, cx, cy, zoomLimits(fitted())));
        return;
      case 'look': {
        const step = Math.min(size.widthPx, size.heightPx);
        animateTo(panBy(target, -command.right * step, -command.down * step));
        return;
      }
      case 'fit':
        animateTo(fitted(), false);
        return;
      case 'move-exclusion':
        if (p.selectedExclusion) p.onMoveExclusion(p.selectedExclusion, command.dxMm, command.dyMm);
        return;
      case 'delete-exclusion':
        if (p.selectedExclusion) p.onDeleteExclusion(p.selectedExclusion);
        return;
      case 'place-exclusion':
        // The keyboard's way to draw: the tool's usual shape at the centre of the view.
        if (p.tool) {
          p.onAddExclusion(p.tool, defaultExclusion(p.tool, pxToMm(view, cx, cy)));
          p.onToolDone();
        }
        return;
      case 'stop-drawing':
        p.onToolDone();
        return;
      case 'deselect':
        p.onSelectExclusion(null);
        return;
    }
  };

  return (
    // The box takes the focus and the keys (zoom, pan, move): a drawing one works like an
    // application, with its keys told in the description.
    <div
      ref={wrapRef}
      className={`${classes.canvasBox} ${props.tool ? classes.drawing : ''}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the drawing is operated by keyboard
      tabIndex={0}
      role="application"
      aria-label="Plan drawing: the face, the zones, the exclusions and every core to scale"
      aria-describedby={props.describedBy}
      onKeyDown={onKeyDown}
    >
      <canvas
        ref={canvasRef}
        className={classes.canvas}
        data-cores-hash={props.coresHash ?? ''}
        onPointerDown={pointer.onPointerDown}
        onPointerMove={pointer.onPointerMove}
        onPointerUp={pointer.onPointerUp}
        onPointerCancel={pointer.onPointerCancel}
      />
    </div>
  );
});
