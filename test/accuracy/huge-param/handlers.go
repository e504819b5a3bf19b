package hugeparam

import (
	"context"
	"log/slog"
)

// auditHandler forwards log records to the audit trail. It is a slog.Handler, so Handle takes
// the record by value as the interface says.
type auditHandler struct {
	next slog.Handler
}

func (h auditHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h auditHandler) Handle(ctx context.Context, r slog.Record) error { //accuracy: huge-param no
	return h.next.Handle(ctx, r)
}

func (h auditHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return auditHandler{next: h.next.WithAttrs(attrs)}
}

func (h auditHandler) WithGroup(name string) slog.Handler {
	return auditHandler{next: h.next.WithGroup(name)}
}

// OrderSink is where finished orders go; implementations get the order by value.
type OrderSink interface {
	Deliver(o Order) error
}

type warehouseSink struct{ sent int }

func (w *warehouseSink) Deliver(o Order) error { //accuracy: huge-param no
	w.sent++
	return nil
}

// orderQueue is not an OrderSink: Enqueue is its own method and could take a pointer.
type orderQueue struct{ pending []string }

func (q *orderQueue) Enqueue(o Order) { //accuracy: huge-param yes
	q.pending = append(q.pending, o.ID)
}
