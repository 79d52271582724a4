import { ActionIcon, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { memo, useId } from 'react';
import {
  type DrawnExclusion,
  EXCLUSION_KINDS,
  type ExclusionKind,
  ringCentre,
} from './exclusionShapes';
import { formatNumber } from './formatters';
import classes from './planner.module.css';

interface ExclusionControlsProps {
  readonly exclusions: readonly DrawnExclusion[];
  readonly selected: string | null;
  readonly kind: ExclusionKind;
  readonly tool: ExclusionKind | null;
  readonly onKind: (kind: ExclusionKind) => void;
  /** Arm the pointer to draw one exclusion of the chosen kind (null disarms). */
  readonly onTool: (kind: ExclusionKind | null) => void;
  /** Add one of the chosen kind at the centre of the view (the keyboard's way). */
  readonly onAddAtCentre: () => void;
  readonly onSelect: (id: string | null) => void;
  readonly onMove: (id: string, dxMm: number, dyMm: number) => void;
  readonly onDelete: (id: string) => void;
}

const KIND_LABEL = Object.fromEntries(EXCLUSION_KINDS.map((k) => [k.kind, k.label])) as Record<
  ExclusionKind,
  string
>;

const MOVES: readonly { label: string; symbol: string; dx: number; dy: number }[] = [
  { label: 'left', symbol: '←', dx: -1, dy: 0 },
  { label: 'up', symbol: '↑', dx: 0, dy: 1 },
  { label: 'down', symbol: '↓', dx: 0, dy: -1 },
  { label: 'right', symbol: '→', dx: 1, dy: 0 },
];

/**
 * Areas not to treat: choose what it is, then draw it on the face (drag from the centre of a mole
 * or filler site; from end to end of a scar; a click places the usual size), or add it at the
 * centre of the view from the keyboard. Each can be moved 1 mm at a time or deleted here.
 */
export const ExclusionControls = memo(function ExclusionControls(props: ExclusionControlsProps) {
  const kindId = useId();
  return (
    <Stack gap="sm">
      <div>
        <Text component="label" id={kindId} size="sm" fw={500}>
          Kind of exclusion
        </Text>
        <SegmentedControl
          fullWidth
          aria-labelledby={kindId}
          value={props.kind}
          onChange={(value) => props.onKind(value as ExclusionKind)}
          data={EXCLUSION_KINDS.map((k) => ({ value: k.kind, label: k.label }))}
        />
      </div>
      <Group grow>
        <Button
          variant={props.tool ? 'filled' : 'default'}
          aria-pressed={props.tool !== null}
          onClick={() => props.onTool(props.tool ? null : props.kind)}
        >
          {props.tool ? 'Drawing… (Esc stops)' : 'Draw on the face'}
        </Button>
        <Button variant="default" onClick={props.onAddAtCentre}>
          Add at the centre
        </Button>
      </Group>
      {props.exclusions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No exclusions.
        </Text>
      ) : (
        <Table withTableBorder verticalSpacing={4} aria-label="Exclusions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Exclusion</Table.Th>
              <Table.Th>Centre x, y (mm)</Table.Th>
              <Table.Th>Move, delete</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.exclusions.map((exclusion, k) => {
              const [x, y] = ringCentre(exclusion.polygon);
              const name = `${KIND_LABEL[exclusion.kind]} ${k + 1}`;
              return (
                <Table.Tr
                  key={exclusion.id}
                  className={exclusion.id === props.selected ? classes.selectedRow : undefined}
                >
                  <Table.Td>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      aria-pressed={exclusion.id === props.selected}
                      onClick={() =>
                        props.onSelect(exclusion.id === props.selected ? null : exclusion.id)
                      }
                    >
                      {name}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    {formatNumber(x, 1)}, {formatNumber(y, 1)}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      {MOVES.map((move) => (
                        <ActionIcon
                          key={move.label}
                          variant="default"
                          size="sm"
                          aria-label={`Move ${name} 1 mm ${move.label}`}
                          onClick={() => props.onMove(exclusion.id, move.dx, move.dy)}
                        >
                          {move.symbol}
                        </ActionIcon>
                      ))}
                      <ActionIcon
                        variant="light"
                        color="red.9"
                        size="sm"
                        aria-label={`Delete ${name}`}
                        onClick={() => props.onDelete(exclusion.id)}
                      >
                        ✕
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
});
