import type { PointMm, RingMm } from '@microcore/core';
import { type Ref, useCallback, useEffect, useImperativeHandle, useRef } from 'react';
import { drawScene, type Scene, type SceneCores, type SceneZone } from './drawScene';
import { hitExclusion } from './exclusionHitTest';
import {
  type DrawnExclusion,
  defaultExclusion,
  draggedExclusion,
  type ExclusionKind,
  translateRing,
} from './exclusionShapes';
import type { FaceFeature } from './faceLandmarks';
import classes from './planner.module.css';
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

/** Key steps: a zoom step, a pan step (of the canvas's shorter side), a keyboard move (mm). */
const ZOOM_STEP = 1.5;
const PAN_FRACTION = 0.12;
const MOVE_STEP_MM = 1;
const ANIMATION_MS = 140;
/** A pointer that moves less than this (px) between down and up has clicked. */
const CLICK_PX = 3;
/** How close (px) to an exclusion's edge the pointer grabs it. */
const GRAB_PX = 6;

type Gesture =
  | { kind: 'pan'; lastX: number; lastY: number; moved: number; hit: -1 }
  | {
      kind: 'move';
      id: string;
      startMm: PointMm;
      ring: RingMm;
      moved: number;
      dxMm: number;
      dyMm: number;
    }
  | {
      kind: 'draw';
      tool: ExclusionKind;
      startMm: PointMm;
      startPx: [number, number];
      endMm: PointMm;
    }
  | { kind: 'pinch'; lastDistance: number; lastX: number; lastY: number };

/**
 * The plan drawn to scale on a canvas, with zoom and pan (wheel, pinch, drag, keys) and the
 * exclusions drawn, moved and deleted with the pointer or the keyboard. Drawing happens on
 * animation frames only, from the newest props and view; the drawing itself is drawScene's.
 * `data-cores-drawn` on the canvas says how many cores the last frame drew.
 */
export function PlanCanvas(props: PlanCanvasProps) {
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
  const gestureRef = useRef<Gesture | null>(null);
  const pointersRef = useRef(new Map<number, { x: number; y: number }>());
  const draftRef = useRef<RingMm | null>(null);
  const movingRef = useRef<{ id: string; ring: RingMm } | null>(null);

  const fitted = useCallback(
    () => fitView(propsRef.current.contentBounds, sizeRef.current, 12),
    [],
  );

  const draw = useCallback(() => {
    frameRef.current = 0;
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
      const view = viewRef.current ?? fitted();
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
  useEffect(() => {
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

  const local = (event: React.PointerEvent): [number, number] => {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const view = viewRef.current;
    if (!view) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    wrapRef.current?.focus({ preventScroll: true });
    const [x, y] = local(event);
    const pointers = pointersRef.current;
    pointers.set(event.pointerId, { x, y });
    if (pointers.size === 2) {
      // A second finger: whatever the first began becomes a pinch.
      draftRef.current = null;
      movingRef.current = null;
      const [a, b] = [...pointers.values()];
      gestureRef.current = {
        kind: 'pinch',
        lastDistance: Math.hypot(a.x - b.x, a.y - b.y),
        lastX: (a.x + b.x) / 2,
        lastY: (a.y + b.y) / 2,
      };
      requestDraw();
      return;
    }
    if (pointers.size > 2) return;
    const pointMm = pxToMm(view, x, y);
    const p = propsRef.current;
    if (p.tool) {
      gestureRef.current = {
        kind: 'draw',
        tool: p.tool,
        startMm: pointMm,
        startPx: [x, y],
        endMm: pointMm,
      };
      return;
    }
    const hit = hitExclusion(p.exclusions, pointMm, GRAB_PX / view.pxPerMm);
    if (hit >= 0) {
      const exclusion = p.exclusions[hit];
      p.onSelectExclusion(exclusion.id);
      gestureRef.current = {
        kind: 'move',
        id: exclusion.id,
        startMm: pointMm,
        ring: exclusion.polygon,
        moved: 0,
        dxMm: 0,
        dyMm: 0,
      };
      return;
    }
    gestureRef.current = { kind: 'pan', lastX: x, lastY: y, moved: 0, hit: -1 };
  };

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const pointers = pointersRef.current;
    if (!pointers.has(event.pointerId)) return;
    const [x, y] = local(event);
    const before = pointers.get(event.pointerId) as { x: number; y: number };
    pointers.set(event.pointerId, { x, y });
    const gesture = gestureRef.current;
    const view = viewRef.current;
    if (!gesture || !view) return;
    switch (gesture.kind) {
      case 'pinch': {
        const [a, b] = [...pointers.values()];
        if (!a || !b) return;
        const distance = Math.hypot(a.x - b.x, a.y - b.y);
        const cx = (a.x + b.x) / 2;
        const cy = (a.y + b.y) / 2;
        const panned = panBy(view, cx - gesture.lastX, cy - gesture.lastY);
        const factor = gesture.lastDistance > 0 ? distance / gesture.lastDistance : 1;
        setView(zoomAbout(panned, factor, cx, cy, zoomLimits(fitted())));
        gesture.lastDistance = distance;
        gesture.lastX = cx;
        gesture.lastY = cy;
        return;
      }
      case 'pan': {
        gesture.moved += Math.hypot(x - before.x, y - before.y);
        setView(panBy(view, x - gesture.lastX, y - gesture.lastY));
        gesture.lastX = x;
        gesture.lastY = y;
        return;
      }
      case 'move': {
        gesture.moved += Math.hypot(x - before.x, y - before.y);
        const [xMm, yMm] = pxToMm(view, x, y);
        gesture.dxMm = Math.round((xMm - gesture.startMm[0]) * 100) / 100;
        gesture.dyMm = Math.round((yMm - gesture.startMm[1]) * 100) / 100;
        movingRef.current = {
          id: gesture.id,
          ring: translateRing(gesture.ring, gesture.dxMm, gesture.dyMm),
        };
        requestDraw();
        return;
      }
      case 'draw': {
        gesture.endMm = pxToMm(view, x, y);
        draftRef.current = draggedExclusion(gesture.tool, gesture.startMm, gesture.endMm);
        requestDraw();
        return;
      }
    }
  };

  const endPointer = (event: React.PointerEvent<HTMLCanvasElement>, cancelled: boolean) => {
    const pointers = pointersRef.current;
    if (!pointers.delete(event.pointerId)) return;
    const gesture = gestureRef.current;
    if (pointers.size > 0) {
      // One finger of a pinch lifted: the other pans on.
      const [rest] = [...pointers.values()];
      if (gesture?.kind === 'pinch' && rest)
        gestureRef.current = {
          kind: 'pan',
          lastX: rest.x,
          lastY: rest.y,
          moved: CLICK_PX,
          hit: -1,
        };
      return;
    }
    gestureRef.current = null;
    const p = propsRef.current;
    if (!gesture || cancelled) {
      draftRef.current = null;
      movingRef.current = null;
      requestDraw();
      return;
    }
    if (gesture.kind === 'pan' && gesture.moved < CLICK_PX) p.onSelectExclusion(null);
    if (gesture.kind === 'move') {
      movingRef.current = null;
      if (gesture.dxMm !== 0 || gesture.dyMm !== 0)
        p.onMoveExclusion(gesture.id, gesture.dxMm, gesture.dyMm);
    }
    if (gesture.kind === 'draw') {
      draftRef.current = null;
      const [x, y] = local(event);
      const click = Math.hypot(x - gesture.startPx[0], y - gesture.startPx[1]) < CLICK_PX;
      p.onAddExclusion(
        gesture.tool,
        click
          ? defaultExclusion(gesture.tool, gesture.startMm)
          : draggedExclusion(gesture.tool, gesture.startMm, gesture.endMm),
      );
      p.onToolDone();
    }
    requestDraw();
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const view = viewRef.current;
    if (!view) return;
    const size = sizeRef.current;
    const p = propsRef.current;
    const target = animationRef.current?.to ?? view;
    const limits = zoomLimits(fitted());
    const step = PAN_FRACTION * Math.min(size.widthPx, size.heightPx);
    const arrows: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const arrow = arrows[event.key];
    if (arrow && event.shiftKey && p.selectedExclusion) {
      // Shift+arrows move the selected exclusion 1 mm (screen up is chart up).
      p.onMoveExclusion(p.selectedExclusion, arrow[0] * MOVE_STEP_MM, -arrow[1] * MOVE_STEP_MM);
    } else if (arrow) {
      // The arrows look that way: the drawing moves the other.
      animateTo(panBy(target, -arrow[0] * step, -arrow[1] * step));
    } else if (event.key === '+' || event.key === '=') {
      animateTo(zoomAbout(target, ZOOM_STEP, size.widthPx / 2, size.heightPx / 2, limits));
    } else if (event.key === '-' || event.key === '_') {
      animateTo(zoomAbout(target, 1 / ZOOM_STEP, size.widthPx / 2, size.heightPx / 2, limits));
    } else if (event.key === '0') {
      animateTo(fitted(), false);
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && p.selectedExclusion) {
      p.onDeleteExclusion(p.selectedExclusion);
    } else if (event.key === 'Enter' && p.tool) {
      // The keyboard's way to draw: the tool's default shape at the centre of the view.
      const centre = pxToMm(view, size.widthPx / 2, size.heightPx / 2);
      p.onAddExclusion(p.tool, defaultExclusion(p.tool, centre));
      p.onToolDone();
    } else if (event.key === 'Escape') {
      if (p.tool) p.onToolDone();
      else p.onSelectExclusion(null);
    } else {
      return;
    }
    event.preventDefault();
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
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={(event) => endPointer(event, false)}
        onPointerCancel={(event) => endPointer(event, true)}
      />
    </div>
  );
}
