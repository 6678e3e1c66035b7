"use client";

import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";

type Item = { id: string; letter: string };

function Row({ item, rank, count, selected, onMove, onSelect }: { item: Item; rank: number; count: number; selected: boolean; onMove: (delta: number) => void; onSelect: () => void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: item.id });
  const style = { transform: transform ? `translate3d(0, ${Math.round(transform.y)}px, 0)` : undefined, transition };
  return (
    <li
      ref={setNodeRef}
      style={style}
      className={`flex items-center gap-2 rounded-md border bg-white px-2 py-1.5 text-sm ${selected ? "border-brand-500 ring-1 ring-brand-500" : "border-slate-200"} ${isDragging ? "shadow-lg" : ""}`}
    >
      <span className="w-6 text-center font-semibold text-slate-700" aria-hidden>
        {rank}
      </span>
      <button type="button" {...attributes} {...listeners} aria-label={`Drag output ${item.letter}, ranked ${rank} of ${count}`} className="cursor-grab rounded px-1 text-slate-600 hover:bg-slate-100">
        ⠿
      </button>
      <button type="button" onClick={onSelect} className="flex-1 text-left font-medium text-slate-900" aria-pressed={selected}>
        Output {item.letter}
      </button>
      <button type="button" onClick={() => onMove(-1)} disabled={rank === 1} aria-label={`Move output ${item.letter} up`} className="rounded px-1.5 text-slate-700 hover:bg-slate-100 disabled:text-slate-300">
        ↑
      </button>
      <button type="button" onClick={() => onMove(1)} disabled={rank === count} aria-label={`Move output ${item.letter} down`} className="rounded px-1.5 text-slate-700 hover:bg-slate-100 disabled:text-slate-300">
        ↓
      </button>
    </li>
  );
}

/** Rank outputs best first: drag, the arrow buttons, or (from the review screen) the keyboard. */
export function RankingField({ items, order, selected, onChange, onSelect }: {
  items: Item[];
  order: string[];
  selected: number;
  onChange: (order: string[]) => void;
  onSelect: (index: number) => void;
}) {
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const byId = new Map(items.map((item) => [item.id, item]));
  function onDragEnd(event: DragEndEvent) {
    const from = order.indexOf(String(event.active.id));
    const to = event.over ? order.indexOf(String(event.over.id)) : from;
    if (from >= 0 && to >= 0 && from !== to) {
      onChange(arrayMove(order, from, to));
      onSelect(to);
    }
  }
  function move(index: number, delta: number) {
    const to = index + delta;
    if (to < 0 || to >= order.length) return;
    onChange(arrayMove(order, index, to));
    onSelect(to);
  }
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={order} strategy={verticalListSortingStrategy}>
        <ol className="space-y-1.5" aria-label="Ranking, best first">
          {order.map((id, index) => (
            <Row key={id} item={byId.get(id)!} rank={index + 1} count={order.length} selected={selected === index} onMove={(delta) => move(index, delta)} onSelect={() => onSelect(index)} />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}
