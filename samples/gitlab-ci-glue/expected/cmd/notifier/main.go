// notifier forwards alert webhooks to a chat channel.
package main

import (
	"bytes"
	"encoding/json"
	"log"
	"net/http"
	"os"
)

type alert struct {
	Status string            `json:"status"`
	Labels map[string]string `json:"labels"`
}

func main() {
	target := os.Getenv("NOTIFIER_CHAT_URL")
	http.HandleFunc("POST /alerts", func(w http.ResponseWriter, r *http.Request) {
		var alerts []alert
		if err := json.NewDecoder(r.Body).Decode(&alerts); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for _, a := range alerts {
			msg, _ := json.Marshal(map[string]string{"text": a.Status + ": " + a.Labels["alertname"]})
			resp, err := http.Post(target, "application/json", bytes.NewReader(msg))
			if err != nil {
				log.Print(err)
				continue
			}
			resp.Body.Close()
		}
		w.WriteHeader(http.StatusAccepted)
	})
	log.Fatal(http.ListenAndServe(":9095", nil))
}
