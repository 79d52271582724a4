import type { PointMm, RingMm } from '@microcore/core';
import type { RefObject } from 'react';
import { useRef } from 'react';
import { hitExclusion } from './exclusionHitTest';
import {
  defaultExclusion,
  draggedExclusion,
  type ExclusionKind,
  translateRing,
} from './exclusionShapes';
import type { PlanCanvasProps } from './PlanCanvas';
import { panBy, pxToMm, type View, type ZoomLimits, zoomAbout } from './viewTransform';

/** A pointer that moves less than this (px) between down and up has clicked. */
const CLICK_PX = 3;
/** How close (px) to an exclusion's edge the pointer grabs it. */
const GRAB_PX = 6;

type Gesture =
  | { kind: 'pan'; lastX: number; lastY: number; moved: number }
  | {
      kind: 'move';
      id: string;
      startMm: PointMm;
      ring: RingMm;
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

interface GestureDeps {
  readonly wrapRef: RefObject<HTMLDivElement | null>;
  readonly propsRef: RefObject<PlanCanvasProps>;
  readonly viewRef: RefObject<View | null>;
  /** The exclusion being drawn, shown dashed. */
  readonly draftRef: RefObject<RingMm | null>;
  /** The exclusion being dragged, shown where it is dragged to. */
  readonly movingRef: RefObject<{ id: string; ring: RingMm } | null>;
  readonly setView: (view: View) => void;
  readonly requestDraw: () => void;
  readonly zoomLimits: () => ZoomLimits;
}

/**
 * The plan drawing's pointer gestures: a drag pans, two fingers pinch (zoom about their middle)
 * and pan, a drag on an exclusion moves it, a click on one selects it (on nothing, deselects),
 * and with a drawing tool armed a drag draws an exclusion (a click places the usual size).
 */
export function usePointerGestures(deps: GestureDeps) {
  const gestureRef = useRef<Gesture | null>(null);
  const pointersRef = useRef(new Map<number, { x: number; y: number }>());
  const { propsRef, viewRef, draftRef, movingRef, setView, requestDraw } = deps;

  const local = (event: React.PointerEvent): [number, number] => {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const view = viewRef.current;
    if (!view) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    deps.wrapRef.current?.focus({ preventScroll: true });
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
        dxMm: 0,
        dyMm: 0,
      };
      return;
    }
    gestureRef.current = { kind: 'pan', lastX: x, lastY: y, moved: 0 };
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
        setView(zoomAbout(panned, factor, cx, cy, deps.zoomLimits()));
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

  return {
    onPointerDown,
    onPointerMove,
    onPointerUp: (event: React.PointerEvent<HTMLCanvasElement>) => endPointer(event, false),
    onPointerCancel: (event: React.PointerEvent<HTMLCanvasElement>) => endPointer(event, true),
  };
}
