// Package jsongenericmap handles inbound webhooks and API payloads.
package jsongenericmap

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// GitHubPush extracts the repository and ref of a push webhook.
func GitHubPush(body []byte) (repo, ref string, err error) {
	var ev map[string]any
	if err := json.Unmarshal(body, &ev); err != nil { //accuracy: json-generic-map yes
		return "", "", err
	}
	ref, _ = ev["ref"].(string)
	if r, ok := ev["repository"].(map[string]any); ok {
		repo, _ = r["full_name"].(string)
	}
	return repo, ref, nil
}

// HandleOrder decodes an order creation request.
func HandleOrder(w http.ResponseWriter, r *http.Request) {
	var req map[string]interface{}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil { //accuracy: json-generic-map yes
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	sku, _ := req["sku"].(string)
	qty, _ := req["quantity"].(float64)
	if sku == "" || qty <= 0 {
		http.Error(w, "sku and quantity required", http.StatusUnprocessableEntity)
		return
	}
	fmt.Fprintf(w, "ordered %d x %s\n", int(qty), sku)
}

// ParseToken reads claims from a decoded JWT payload segment.
func ParseToken(payload []byte) (sub string, exp time.Time, err error) {
	var claims map[string]any
	if err = json.Unmarshal(payload, &claims); err != nil { //accuracy: json-generic-map yes
		return
	}
	sub, _ = claims["sub"].(string)
	if e, ok := claims["exp"].(float64); ok {
		exp = time.Unix(int64(e), 0)
	}
	if sub == "" {
		err = errors.New("token without subject")
	}
	return
}

type Alert struct {
	Name     string
	Severity string
	Summary  string
}

// Alertmanager converts an alert notification into internal alerts.
func Alertmanager(r io.Reader) ([]Alert, error) {
	var msg map[string]any
	dec := json.NewDecoder(r)
	if err := dec.Decode(&msg); err != nil { //accuracy: json-generic-map yes
		return nil, err
	}
	list, _ := msg["alerts"].([]any)
	out := make([]Alert, 0, len(list))
	for _, a := range list {
		m, _ := a.(map[string]any)
		labels, _ := m["labels"].(map[string]any)
		ann, _ := m["annotations"].(map[string]any)
		out = append(out, Alert{
			Name:     str(labels["alertname"]),
			Severity: str(labels["severity"]),
			Summary:  str(ann["summary"]),
		})
	}
	return out, nil
}

// StripeEvent returns the event type and object id.
func StripeEvent(body []byte) (string, string, error) {
	var evt interface{}
	if err := json.Unmarshal(body, &evt); err != nil { //accuracy: json-generic-map yes
		return "", "", err
	}
	m, ok := evt.(map[string]interface{})
	if !ok {
		return "", "", errors.New("not an object")
	}
	typ, _ := m["type"].(string)
	data, _ := m["data"].(map[string]interface{})
	obj, _ := data["object"].(map[string]interface{})
	id, _ := obj["id"].(string)
	return typ, id, nil
}

// Health parses a dependency's health endpoint.
func Health(client *http.Client, url string) (bool, error) {
	resp, err := client.Get(url)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	var h map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil { //accuracy: json-generic-map yes
		return false, err
	}
	return h["status"] == "ok", nil
}

// LoginRequest validates credentials from a login form posted as JSON.
func LoginRequest(r *http.Request) (user, pass string, remember bool, err error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		return
	}
	var in map[string]any
	if err = json.Unmarshal(body, &in); err != nil { //accuracy: json-generic-map yes
		return
	}
	user, _ = in["username"].(string)
	pass, _ = in["password"].(string)
	remember, _ = in["remember_me"].(bool)
	return
}

// Geo reads coordinates from a geocoder response.
func Geo(body []byte) (lat, lon float64, err error) {
	var res map[string]any
	err = json.Unmarshal(body, &res) //accuracy: json-generic-map yes
	if err != nil {
		return
	}
	lat, _ = res["lat"].(float64)
	lon, _ = res["lon"].(float64)
	return
}

// BatchEvents reads a stream of analytics events, one JSON object per line.
func BatchEvents(r io.Reader, emit func(user, action string)) error {
	dec := json.NewDecoder(r)
	for dec.More() {
		var e map[string]any
		if err := dec.Decode(&e); err != nil { //accuracy: json-generic-map yes
			return err
		}
		u, _ := e["user_id"].(string)
		a, _ := e["action"].(string)
		emit(u, strings.ToLower(a))
	}
	return nil
}

// Version reads the version field of a package manifest.
func Version(manifest []byte) string {
	var pkg map[string]interface{}
	if json.Unmarshal(manifest, &pkg) != nil { //accuracy: json-generic-map yes
		return ""
	}
	if v, ok := pkg["version"].(string); ok {
		return v
	}
	return ""
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
