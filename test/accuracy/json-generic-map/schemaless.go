package jsongenericmap

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
)

type PushEvent struct {
	Ref        string `json:"ref"`
	Repository struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
}

// GitHubPushTyped decodes into a struct.
func GitHubPushTyped(body []byte) (string, string, error) {
	var ev PushEvent
	if err := json.Unmarshal(body, &ev); err != nil { //accuracy: json-generic-map no
		return "", "", err
	}
	return ev.Repository.FullName, ev.Ref, nil
}

// Forward relays an arbitrary document to an audit sink after validating it is an object.
func Forward(w io.Writer, body []byte) error {
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil { //accuracy: json-generic-map no
		return err
	}
	return json.NewEncoder(w).Encode(doc)
}

// Flatten walks any document and produces dotted keys.
func Flatten(body []byte) (map[string]string, error) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil { //accuracy: json-generic-map no
		return nil, err
	}
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, c := range t {
				walk(prefix+"."+k, c)
			}
		case []any:
			for _, c := range t {
				walk(prefix+"[]", c)
			}
		default:
			out[strings.TrimPrefix(prefix, ".")] = jsonString(t)
		}
	}
	walk("", v)
	return out, nil
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Keys lists the top-level fields of a user-defined metadata blob.
func Keys(r *http.Request) ([]string, error) {
	var meta map[string]any
	if err := json.NewDecoder(r.Body).Decode(&meta); err != nil { //accuracy: json-generic-map no
		return nil, err
	}
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}

// Labels decodes a typed string map: values are not boxed.
func Labels(body []byte) (string, error) {
	var labels map[string]string
	if err := json.Unmarshal(body, &labels); err != nil { //accuracy: json-generic-map no
		return "", err
	}
	return labels["team"], nil
}

// Envelope decodes into RawMessage values and dispatches on the kind.
func Envelope(body []byte, handlers map[string]func(json.RawMessage) error) error {
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil { //accuracy: json-generic-map no
		return err
	}
	var kind string
	if err := json.Unmarshal(env["kind"], &kind); err != nil { //accuracy: json-generic-map no
		return err
	}
	if h := handlers[kind]; h != nil {
		return h(env["data"])
	}
	return nil
}

// Pretty re-indents any JSON document.
func Pretty(body []byte) ([]byte, error) {
	var v interface{}
	if err := json.Unmarshal(body, &v); err != nil { //accuracy: json-generic-map no
		return nil, err
	}
	return json.MarshalIndent(v, "", "  ")
}

// MergePatch applies an RFC 7386 merge patch generically.
func MergePatch(doc, patch []byte) ([]byte, error) {
	var d, p map[string]any
	if err := json.Unmarshal(doc, &d); err != nil { //accuracy: json-generic-map no
		return nil, err
	}
	if err := json.Unmarshal(patch, &p); err != nil { //accuracy: json-generic-map no
		return nil, err
	}
	for k, v := range p {
		if v == nil {
			delete(d, k)
		} else {
			d[k] = v
		}
	}
	return json.Marshal(d)
}

// Valid only checks that the body is a JSON object of user settings, stored as-is.
func Valid(body []byte) bool {
	var m map[string]any
	return json.NewDecoder(bytes.NewReader(body)).Decode(&m) == nil //accuracy: json-generic-map no
}
